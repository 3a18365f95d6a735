import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanSql } from '../../src/index.js';
import { expectCategory, expectClean } from './sql-expectations.js';

describe('scanSql: MongoDB operator injection (nosql_injection)', () => {
  it('reports an operator key injected after a value, a quote or closing brackets', () => {
    expectCategory([
      "true, $where: '1 == 1'",
      ", $where: '1 == 1'",
      "', $where: '1 == 1'",
      "1, $where: '1 == 1'",
      "', $or: [ {}, { 'a':'a",
      "' } ], $comment:'successful MongoDB injection'",
      'admin", "$ne": "x',
      "x'}, $nin: ['",
    ], 'nosql_injection');
  });

  it('reports $where with JavaScript that is always true or only waits, wherever it is', () => {
    expectCategory([
      "$where: '1 == 1'",
      '{"$where": "sleep(5000)"}',
      '$where: function() { return true; }',
      "{ $where: 'x || 1 === 1' }",
      "$where: '\"a\" !== \"b\"'",
    ], 'nosql_injection');
  });

  it('reports an operator object given as the whole value when its operand matches every document', () => {
    expectCategory([
      '{ $ne: 1 }',
      "{$gt: ''}",
      '{"$gt": ""}',
      '{"$ne": null}',
      '{"$gt": undefined}',
      "{ $regex: '.*' }",
      '{"$regex": "^adm"}',
      '{ $exists: true }',
      '{"$nin": []}',
    ], 'nosql_injection');
  });

  it('reports a permissive operator on a password field inside a JSON body', () => {
    expectCategory([
      '{"username": "admin", "password": {"$ne": null}}',
      '{"username": {"$ne": null}, "password": {"$ne": null}}',
      '{"username": "admin", "password": {"$regex": "^m" }}',
      "{user: 'admin', pass: {$gt: ''}}",
    ], 'nosql_injection');
  });

  it('reports a bracketed operator key in a query string, URL-encoded or not', () => {
    expectCategory([
      '[$ne]=1',
      'password[$ne]=1',
      'username[$ne]=toto&password[$ne]=toto',
      'login[$regex]=a.*&pass[$ne]=lol',
      'user[$regex]=.*',
      'login[$gt]=&pass[$gt]=',
      'user[$exists]=true',
      '[$nin][]=admin',
      'password%5B%24ne%5D=1',
    ], 'nosql_injection');
  });

  it('maps the span of an encoded payload back to the characters it came from', () => {
    const text = 'password%5B%24ne%5D=1';
    const [finding] = scanSql(text).findings;
    expect(finding).toMatchObject({ category: 'nosql_injection', start: 8, end: text.length, evidence: '%5B%24ne%5D=1' });
  });

  it('names the query language when a SQL rule also fires: a $where that sleeps is NoSQL injection', () => {
    const r = scanSql('{"$where": "sleep(5000)"}');
    expect(r.category).toBe('nosql_injection');
    expect(r.findings.map((f) => f.category)).toContain('time_based');
  });
});

describe('scanSql: server-side JavaScript injection (nosql_injection)', () => {
  it('reports a condition on the document after a quote breakout', () => {
    expectCategory([
      "' && this.password.match(/.*/)//+%00",
      "'%20%26%26%20this.passwordzz.match(/.*/)//+%00",
      "' || this.role == 'admin",
      "'; return this.password.match(/^a.*$/); var a='",
      '" && this.password.length > 0 && "',
    ], 'nosql_injection');
  });

  it('reports JavaScript that is always true after a quote breakout', () => {
    expectCategory(["' || 1==1//", "'; return true; var foo='", '";return(true);var xyz=\'a', "';return 'a'=='a' && ''=='"], 'nosql_injection');
  });

  it('reports a busy-wait on the clock after a quote breakout', () => {
    expectCategory([
      "';it=new%20Date();do{pt=new%20Date();}while(pt-it<5000);",
      "'; var s = Date.now(); while (Date.now() - s < 3000) {} '",
    ], 'nosql_injection');
  });

  it('reports a shell call after a quote breakout, and a shell statement that writes or runs code', () => {
    expectCategory([
      '"; db.users.drop(); "',
      'db.injection.insert({success:1});',
      'db.injection.insert({success:1});return 1;db.stores.mapReduce(function() { { emit(1,1',
      'db.users.remove({})',
      "db.eval('while(true){}');",
      'db.users.find(); db.users.deleteMany({});',
    ], 'nosql_injection');
  });
});

describe('scanSql: LDAP filter injection (ldap_injection)', () => {
  it('reports an OR or AND filter appended straight after a value', () => {
    expectCategory([
      '*(|(objectclass=*))',
      '%2A%28%7C%28objectclass%3D%2A%29%29',
      '*(|(mail=*))',
      'admin(&(uid=*)',
    ], 'ldap_injection');
  });

  it('reports a filter closed early and a new one opened', () => {
    expectCategory([
      '*)(uid=*))(|(uid=*',
      ')(cn=*))(|(cn=*',
      'admin*)((|userpassword=*)',
      'admin*)((|userPassword=*)',
      'x)(objectClass=*',
      '*)(&',
      "')(|(uid=*",
    ], 'ldap_injection');
  });
});

describe('scanSql: MongoDB, LDAP and prose that are not injections', () => {
  it('keeps ordinary MongoDB queries and talk about them clean', () => {
    expectClean([
      'use {age: {$gt: 18}} in Mongo to filter adults',
      '{age: {$gt: 18}}',
      '{ $gt: 18 }',
      '{"status": {"$in": ["A", "D"]}}',
      '{"$or": [{"qty": {"$lt": 20}}, {"price": 10}]}',
      '{email: {$ne: null}}',
      'db.users.find({age: {$gt: 18}})',
      "db.orders.aggregate([{ $match: { status: 'A' } }])",
      "To add one, run db.users.insertOne({name: 'Ana'}) in mongosh",
      'db.collection.drop() removes a collection and its indexes',
      "{ $where: 'this.credits == this.debits' }",
      "$where: 'this.a > this.b'",
      'age[$gt]=18',
      'const start = new Date(); while (new Date() - start < 5000) {} blocks the event loop',
      "It's simple: this.password.match(/x/) returns the match",
      "In JavaScript, 'a' == 'a' is true",
    ]);
  });

  it('keeps prose with dollar amounts, wildcards, alternations and regular expressions clean', () => {
    expectClean([
      'the price rose $5 and we ne',
      'the price rose $5 and we need $10 more: $gt and $ne are Mongo operators',
      'email me at a*b',
      '(a|b)',
      'a regex like /^(a|b)*$/ or (foo|bar)+ matches both',
      'the pattern a*(b|c) repeats',
      '1) first item (a=b)(c=d)',
      'see (1)(a=b)',
      'f(x)(&y)',
      'pairs.map(|(k, v)| k + v)',
      '| *bold*| plain |',
    ]);
  });

  it('keeps whole LDAP filters clean, however they nest', () => {
    expectClean([
      '(&(objectClass=person)(uid=alice))',
      '(|(uid=alice)(mail=alice@example.com))',
      '(&(objectClass=user)(|(cn=a*)(cn=b*)))',
      '(!(userAccountControl:1.2.840.113556.1.4.803:=2))',
      'search with the filter (&(objectClass=*)(mail=*@example.com)) on ou=people',
    ]);
  });

  it('never reports a generated MongoDB filter on named fields', () => {
    const field = fc.constantFrom('age', 'status', 'price', 'qty', 'name', '"tags"', "'owner'");
    const operand = fc.oneof(fc.integer({ min: -5, max: 500 }).map(String), fc.constantFrom("''", '"A"', 'null', 'true', '[1, 2]', "'^a'", "'.*'"));
    const op = fc.constantFrom('$gt', '$gte', '$lt', '$lte', '$ne', '$in', '$nin', '$eq', '$regex', '$exists', '"$ne"', '"$gt"');
    const condition = fc.tuple(field, op, operand).map(([f, o, v]) => `${f}: {${o}: ${v}}`);
    const filter = fc.array(condition, { minLength: 1, maxLength: 3 }).map((cs) => `{${cs.join(', ')}}`);
    const text = fc.tuple(filter, fc.constantFrom('', 'db.users.find(', 'Use ', 'db.orders.countDocuments(')).map(([f, pre]) =>
      pre.endsWith('(') ? `${pre}${f})` : `${pre}${f}`);
    fc.assert(fc.property(text, (t) => {
      expect(scanSql(t).findings.map((f) => `${f.category}: ${f.reason}`), t).toEqual([]);
    }), { numRuns: 500 });
  });

  it('never reports a generated well-formed LDAP filter', () => {
    const attribute = fc.constantFrom('uid', 'cn', 'mail', 'objectClass', 'sn', 'memberOf');
    const value = fc.constantFrom('alice', 'a*', '*', 'person', 'x*y', 'alice@example.com');
    const leaf = fc.tuple(attribute, fc.constantFrom('=', '~=', '>=', '<='), value).map(([a, c, v]) => `(${a}${c}${v})`);
    const filter = fc.letrec<{ f: string }>((tie) => ({
      f: fc.oneof({ depthSize: 'small' }, leaf, fc.tuple(fc.constantFrom('&', '|', '!'), fc.array(tie('f'), { minLength: 1, maxLength: 3 })).map(([op, fs]) => `(${op}${fs.join('')})`)),
    })).f;
    fc.assert(fc.property(filter, (f) => {
      expect(scanSql(f).findings.map((x) => `${x.category}: ${x.reason}`), f).toEqual([]);
    }), { numRuns: 500 });
  });
});

describe('scanSql: generated NoSQL and LDAP injections', () => {
  it('always reports an operator key after a breakout', () => {
    const breakout = fc.constantFrom("'", '"', '1', 'true', "admin'", "x'}", "' } ]", '');
    const op = fc.constantFrom('$where', '$ne', '$gt', '$regex', '$or', '$comment', '$nin', '"$ne"');
    fc.assert(fc.property(breakout, op, fc.constantFrom("'1 == 1'", '1', "''", '[ {}, {', "'x"), (b, o, v) => {
      const payload = `${b}, ${o}: ${v}`;
      expect(scanSql(payload).category, payload).toBe('nosql_injection');
    }), { numRuns: 300 });
  });

  it('always reports an LDAP filter closed early or appended to a value', () => {
    const attribute = fc.constantFrom('uid', 'cn', 'mail', 'objectclass', 'userPassword');
    fc.assert(fc.property(fc.constantFrom('*', 'admin*', 'admin', 'x', ''), attribute, attribute, fc.boolean(), (v, a, b, appended) => {
      const payload = appended && v !== '' ? `${v}(|(${a}=*))` : `${v})(${a}=*))(|(${b}=*`;
      expect(scanSql(payload).category, payload).toBe('ldap_injection');
    }), { numRuns: 300 });
  });
});

describe('scanSql: 100 KB of repeated NoSQL and LDAP shapes', () => {
  // Each shape makes a rule look ahead or back; every look is bounded, so these stay linear.
  const fill = (unit: string) => unit.repeat(Math.ceil(100_000 / unit.length)).slice(0, 100_000);
  it('scans them and reports what they are', () => {
    expect(scanSql(fill("$where: '1 == 1', ")).category).toBe('nosql_injection');
    expect(scanSql(fill('[$ne]=1&')).category).toBe('nosql_injection');
    expect(scanSql(fill('*(|(objectclass=*))')).category).toBe('ldap_injection');
    expect(scanSql(`' && ${fill('this.a.b ')}`).category).toBe('nosql_injection');
    for (const unit of ['{$ne: {', '{$ne: 1, ', ')', ')(', 'db.a.insert({});', 'db.a.find(', '{"password": {"$ne": null}}, ', "' || 1==1// "]) {
      expect(() => scanSql(fill(unit))).not.toThrow();
    }
  });
});

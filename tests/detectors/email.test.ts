import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detect, isValidEmailAddress, isValidEmailDomain, isValidEmailLocalPart } from '../../src/index.js';

const emails = (text: string, minConfidence = 0.5) => detect(text, { types: ['email'], minConfidence });

describe('isValidEmailAddress', () => {
  // Valid and invalid examples from RFC 3696 §3 and RFC 5322 §3.2.4/§3.4.1 (the forms
  // listed in Wikipedia's "Email address" article are drawn from them).
  it.each([
    'simple@example.com',
    'very.common@example.com',
    'x@example.com',
    'long.email-address-with-hyphens@and.subdomains.example.com',
    'user.name+tag+sorting@example.com',
    'name/surname@example.com',
    'customer/department=shipping@example.com',
    '!def!xyz%abc@example.com',
    '_somename@example.com',
    '"john..doe"@example.org',
    '"Abc\\@def"@example.com',
    '"Fred Bloggs"@example.com',
    '"Joe\\\\Blow"@example.com',
    'user@mail.xn--p1ai.example.org',
    'a@xn--d1acufc.xn--p1ai', // punycode TLD (.рф)
    'hans.müller@bücher.de',
  ])('accepts %s', (address) => {
    expect(isValidEmailAddress(address)).toBe(true);
  });

  it.each([
    'abc.example.com', // no @
    'a@b@c@example.com', // @ outside quotes
    'a"b(c)d,e:f;g<h>i[j\\k]l@example.com', // specials outside quotes
    'just"not"right@example.com',
    'this is"not\\allowed@example.com',
    'john..doe@example.com', // consecutive dots
    '.john@example.com',
    'john.@example.com',
    'user@example', // no TLD
    'user@example.c', // one-letter TLD
    'user@example.123', // numeric TLD
    'user@-example.com', // label starts with a hyphen
    'user@example-.com', // label ends with a hyphen
    'user@example..com',
    'user@example.com.',
    'user@exa_mple.com',
    'user@[192.0.2.1]', // domain literals are deliberately unsupported
    'somename@ｇｍａｉｌ.com', // full-width homograph
    '',
  ])('rejects %s', (address) => {
    expect(isValidEmailAddress(address)).toBe(false);
  });

  it('enforces the RFC 5321 length limits: 64 for the local part, 63 per label, 254 in all', () => {
    expect(isValidEmailLocalPart('a'.repeat(64))).toBe(true);
    expect(isValidEmailLocalPart('a'.repeat(65))).toBe(false);
    expect(isValidEmailDomain(`${'a'.repeat(63)}.com`)).toBe(true);
    expect(isValidEmailDomain(`${'a'.repeat(64)}.com`)).toBe(false);
    const domain = (n: number) => `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(n)}.com`;
    expect(isValidEmailDomain(domain(57))).toBe(true); // 253 characters
    expect(isValidEmailDomain(domain(58))).toBe(false); // 254
    expect(isValidEmailAddress(`x@${domain(56)}`)).toBe(true); // 254 in all
    expect(isValidEmailAddress(`xy@${domain(56)}`)).toBe(false); // 255
  });
});

describe('email detector', () => {
  it('finds an address in prose with its exact span', () => {
    const text = 'Reach me at jordan.reyes@example.com if anything changes';
    expect(emails(text)).toEqual([
      { type: 'email', start: 12, end: 36, value: 'jordan.reyes@example.com', confidence: expect.any(Number) },
    ]);
  });

  it.each(['.', ')', ',', ';', '>', '"', "'", '!', '?', ':', '-', '.)', ').'])(
    'leaves the trailing punctuation %j out of the value',
    (punct) => {
      const [f] = emails(`mail me at (a.b@example.co.uk${punct} thanks`);
      expect(f?.value).toBe('a.b@example.co.uk');
    },
  );

  it('leaves leading wrappers (<, quotes, parentheses) out of the value', () => {
    expect(emails('To: <ana@example.com>').map((f) => f.value)).toEqual(['ana@example.com']);
    expect(emails('"ana@example.com"').map((f) => f.value)).toEqual(['ana@example.com']);
    expect(emails("'ana@example.com'").map((f) => f.value)).toEqual(['ana@example.com']);
  });

  it('finds quoted local parts, including an escaped @ inside the quotes', () => {
    expect(emails('write to "Fred Bloggs"@example.com today').map((f) => f.value)).toEqual(['"Fred Bloggs"@example.com']);
    expect(emails('x "foo\\@bar"@example.com y').map((f) => f.value)).toEqual(['"foo\\@bar"@example.com']);
  });

  it('rejects addresses with malformed local parts or domains', () => {
    for (const text of ['john..doe@example.com', 'john.@example.com', 'user@example', 'user@example.c', 'user@-example.com', 'foo"bar"@example.com', 'a@@example.com', 'user@example.com_x']) {
      expect(emails(text, 0), text).toEqual([]);
    }
  });

  it('does not report package specifiers, file names or decorators', () => {
    expect(emails('npm i lodash@4.17.21 react@latest @types/node', 0)).toEqual([]);
    expect(emails('use logo@2x.png and icon@3x.webp')).toEqual([]);
    expect(emails('@Component({ selector: "x" })', 0)).toEqual([]);
  });

  it('reports about 0.9 without a label and at least 0.95 with one', () => {
    const [plain] = emails('Copy this: ana@example.com');
    const [labelled] = emails('Email: ana@example.com');
    expect(plain!.confidence).toBeGreaterThanOrEqual(0.85);
    expect(plain!.confidence).toBeLessThan(0.95);
    expect(labelled!.confidence).toBeGreaterThanOrEqual(0.95);
  });

  it('finds consecutive addresses separated by commas or spaces', () => {
    expect(emails('cc: a@x.org, b@y.net;c@z.io d@w.com').map((f) => f.value)).toEqual(['a@x.org', 'b@y.net', 'c@z.io', 'd@w.com']);
  });

  it('rejects a local part longer than 64 characters instead of reporting its tail', () => {
    expect(emails(`${'a'.repeat(65)}@example.com`, 0)).toEqual([]);
    expect(emails(`${'a'.repeat(64)}@example.com`, 0)).toHaveLength(1);
  });

  it.each([
    ['at signs', '@'.repeat(100_000)],
    ['local@ parts', 'a@'.repeat(50_000)],
    ['long local run before @', `${'a'.repeat(100_000)}@example.com`],
    ['long domain run', `a@${'b'.repeat(100_000)}.com`],
    ['dotted domains', `a@${'b.'.repeat(50_000)}`],
    ['repeated address chains', 'aaaa@bbbb.'.repeat(10_000)],
    ['quotes before @', '"a"@'.repeat(25_000)],
  ])('stays linear on %s', (_, text) => {
    const t0 = performance.now();
    emails(text, 0);
    expect(performance.now() - t0).toBeLessThan(250);
  });
});

// Generators of RFC-valid addresses as people write them: a local part that starts with a
// letter or digit (in prose, leading symbols are read as wrappers), host labels, an alphabetic TLD.
const alnum = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');
const atext = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789!#$%&\'*+/=?^_`{|}~-');
const atom = fc.tuple(alnum, fc.string({ unit: atext, maxLength: 8 })).map(([a, b]) => a + b);
const localPart = fc.array(atom, { minLength: 1, maxLength: 3 }).map((a) => a.join('.')).filter((s) => s.length <= 64);
const label = fc
  .tuple(alnum, fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-'), maxLength: 10 }), alnum)
  .map(([a, mid, z]) => a + mid + z);
const tld = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), minLength: 2, maxLength: 6 });
const address = fc
  .tuple(localPart, fc.array(label, { minLength: 1, maxLength: 3 }), tld)
  .map(([l, labels, t]) => `${l}@${labels.join('.')}.${t}`)
  .filter((a) => !/(?:png|jpe?g|gif|svg|webp|ico|bmp|tiff?|avif|heic|js|mjs|cjs|jsx|tsx?|css|scss|less|json|ya?ml|html?|xml|txt|pdf|docx?|xlsx?|pptx?|csv|tar|gz|tgz|exe|dll|log|lock|map|wasm|mp[34]|mov|wav)$/i.test(a));
const before = fc.constantFrom('', 'Email: ', 'reach me at ', 'cc ', '(', '<', '"', 'contact: ');
const after = fc.constantFrom('', '.', ')', ',', ';', '>', '"', "'", '. Thanks', ' today', '!\n', '?');

describe('email properties', () => {
  it('a generated valid address is valid and found with its exact span, trailing punctuation excluded', () => {
    fc.assert(
      fc.property(address, before, after, (addr, pre, post) => {
        expect(isValidEmailAddress(addr)).toBe(true);
        const text = `${pre}${addr}${post}`;
        const found = emails(text);
        expect(found.map((f) => [f.start, f.end])).toEqual([[pre.length, pre.length + addr.length]]);
      }),
      { numRuns: 500 },
    );
  });

  it('two dots in a row in the local part mean the address is never reported', () => {
    fc.assert(
      fc.property(atom, atom, fc.array(label, { minLength: 1, maxLength: 2 }), tld, (a, b, labels, t) => {
        const bad = `${a}..${b}@${labels.join('.')}.${t}`;
        expect(isValidEmailAddress(bad)).toBe(false);
        expect(emails(`Email: ${bad}`, 0).some((f) => f.value.includes('..'))).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});

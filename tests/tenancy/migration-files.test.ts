import { describe, expect, it } from 'vitest';
import { MigrationError } from '../../src/tenancy/errors.js';
import { quoteIdentifier, quoteLiteral } from '../../src/tenancy/identifiers.js';
import { renderMigration, type MigrationFile } from '../../src/tenancy/migration-files.js';
import { assertOrgId, InvalidOrgIdError } from '../../src/tenancy/index.js';

const names = { schema: 'gh', app_role: 'gatehouse_app_role', admin_role: 'gatehouse_platform_admin', owner_role: 'gatehouse_owner' };
const file = (template: string): MigrationFile => ({ id: '0009_test', checksum: 'x', template });

describe('rendering a migration', () => {
  it('fills identifiers and literals, quoted', () => {
    expect(renderMigration(file('grant usage on schema {{schema}} to {{ app_role }}; select {{owner_role:literal}};'), names))
      .toBe(`grant usage on schema "gh" to "gatehouse_app_role"; select 'gatehouse_owner';`);
  });

  it('rejects an unknown placeholder, naming it', () => {
    expect(() => renderMigration(file('select {{nope}}'), names)).toThrow(MigrationError);
    expect(() => renderMigration(file('select {{nope}}'), names)).toThrow(/\{\{nope\}\}/);
    expect(() => renderMigration(file('select {{constructor}}'), names)).toThrow(/constructor/);
  });

  it('quotes by doubling, so a quote can never close the name', () => {
    expect(quoteIdentifier('a"b')).toBe('"a""b"');
    expect(quoteLiteral("it's")).toBe("'it''s'");
    expect(() => quoteLiteral('a\\b')).toThrow();
  });
});

describe('assertOrgId', () => {
  it('accepts the documented format', () => {
    for (const ok of ['a', 'acme', 'acme:prod-1.eu_2', 'A'.repeat(128)]) expect(() => assertOrgId(ok)).not.toThrow();
  });
  it('rejects everything else with INVALID_ORG_ID', () => {
    for (const bad of ['', ' ', 'a b', 'a/b', 'x'.repeat(129), 'é', 'a\n']) {
      expect(() => assertOrgId(bad)).toThrow(InvalidOrgIdError);
    }
    expect(() => assertOrgId(undefined)).toThrow(/expected a string, got undefined/);
  });
});

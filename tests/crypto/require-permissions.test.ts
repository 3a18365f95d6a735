/**
 * requirePermissions: every permission must be granted; the identity's shape and org are checked
 * before any authorizer call, and a refusal names the permission it stopped at.
 */
import { describe, expect, it } from 'vitest';
import { PermissionDeniedError, requirePermissions, type Authorize, type Permission } from '../../src/crypto/index.js';

/** An authorizer that grants `granted` and logs every question it is asked. */
function recording(granted: readonly Permission[]): { authorize: Authorize; asked: Permission[] } {
  const asked: Permission[] = [];
  return { asked, authorize: (_identity, p) => (asked.push(p), granted.includes(p)) };
}

async function refusal(run: Promise<void>): Promise<PermissionDeniedError> {
  const error = await run.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(PermissionDeniedError);
  return error as PermissionDeniedError;
}

const member = { orgId: 'acme', roles: ['admin'] };

describe('requirePermissions', () => {
  it('resolves only when every permission is granted, asking about each in order', async () => {
    const { authorize, asked } = recording(['hitl:approve', 'policy:write']);
    await expect(requirePermissions(authorize, member, 'acme', ['hitl:approve', 'policy:write'])).resolves.toBeUndefined();
    expect(asked).toEqual(['hitl:approve', 'policy:write']);
  });

  it('stops at the first permission not granted and names it', async () => {
    const { authorize, asked } = recording(['hitl:approve']);
    const error = await refusal(requirePermissions(authorize, member, 'acme', ['hitl:approve', 'policy:write', 'audit:read']));
    expect(error.permission).toBe('policy:write');
    expect(error.reason).toBe('not_granted');
    expect(asked).toEqual(['hitl:approve', 'policy:write']);
  });

  it.each<[string, unknown, string]>([
    ['a malformed identity', { orgId: 'acme' }, 'invalid_actor'],
    ['null', null, 'invalid_actor'],
    ['an identity of another org, whatever its roles', { orgId: 'other', roles: ['owner'] }, 'other_org'],
  ])('refuses %s before asking the authorizer, naming the first permission', async (_name, identity, reason) => {
    const { authorize, asked } = recording(['hitl:approve', 'policy:write']);
    const error = await refusal(requirePermissions(authorize, identity as never, 'acme', ['hitl:approve', 'policy:write']));
    expect([error.permission, error.reason, error.orgId]).toEqual(['hitl:approve', reason, 'acme']);
    expect(asked).toEqual([]);
  });

  it('refuses when the authorizer throws on a later permission, keeping the error as the cause', async () => {
    const boom = new Error('role store down');
    const authorize: Authorize = (_i, p) => {
      if (p === 'policy:write') throw boom;
      return true;
    };
    const error = await refusal(requirePermissions(authorize, member, 'acme', ['hitl:approve', 'policy:write']));
    expect([error.permission, error.reason, error.cause]).toEqual(['policy:write', 'authorizer_failed', boom]);
  });

  it('grants nothing but `true`', async () => {
    const error = await refusal(requirePermissions(() => 'yes' as never, member, 'acme', ['audit:read']));
    expect(error.reason).toBe('not_granted');
  });

  it('asks nothing when no permission is required', async () => {
    const { authorize, asked } = recording([]);
    await expect(requirePermissions(authorize, member, 'acme', [])).resolves.toBeUndefined();
    expect(asked).toEqual([]);
  });
});

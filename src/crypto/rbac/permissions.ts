/**
 * Every permission a management operation can require, with what it allows. A permission
 * string outside this list grants nothing.
 */
export const PERMISSION_DESCRIPTIONS = {
  'audit:read': 'query the audit log',
  'audit:export': 'export audit records (bulk download, SIEM forwarding)',
  'policy:read': 'read policies and their history',
  'policy:write': 'create, change and delete policies',
  'provider:read': 'see which LLM providers are configured (never their credentials)',
  'provider:configure': 'add, change and remove provider credentials',
  'approval:read': 'see pending and past human-in-the-loop requests',
  'hitl:approve': 'approve or reject a human-in-the-loop request',
  'breaker:read': 'see circuit-breaker state',
  'breaker:trip': 'trip or reset a circuit breaker',
  'keys:read': 'list API keys (prefixes and status only)',
  'keys:manage': 'create, rotate, revoke and expire API keys',
  'roles:manage': 'define custom roles',
  'subject:erase': 'erase a data subject\'s records (irreversible)',
} as const;

export type Permission = keyof typeof PERMISSION_DESCRIPTIONS;

/** Every permission, in a stable order. */
export const PERMISSIONS = Object.freeze(Object.keys(PERMISSION_DESCRIPTIONS)) as readonly Permission[];

const KNOWN = new Set<string>(PERMISSIONS);

/** True when `value` is one of {@link PERMISSIONS}. */
export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && KNOWN.has(value);
}

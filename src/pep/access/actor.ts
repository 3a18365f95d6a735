/** The actor of operator actions lives with the RBAC in crypto, where key and credential management use it too. */
export { ActorSchema, type Actor } from '../../crypto/rbac/actor.js';

/** Field limits of a decide body, shared by its zod schema and the hand-written fast path, so the two cannot drift apart. */

/** Longest target name (model, provider, server, tool). */
export const MAX_NAME_LENGTH = 500;
/** Longest id and role name, and the most roles. */
export const MAX_ID_LENGTH = 256;

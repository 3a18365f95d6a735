/** Deepest nesting a policy set may have. Conditions nest; nothing legitimate needs more. */
export const MAX_POLICY_SET_DEPTH = 64;

/**
 * The first path at which `value` nests deeper than `limit`, or null. Iterative, so a hostile
 * document can't overflow the stack here (or later in the recursive zod schema).
 */
export function tooDeepAt(value: unknown, limit: number): (string | number)[] | null {
  const stack: Array<{ v: unknown; path: (string | number)[] }> = [{ v: value, path: [] }];
  while (stack.length > 0) {
    const { v, path } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (path.length > limit) return path;
    if (Array.isArray(v)) v.forEach((x, i) => stack.push({ v: x, path: [...path, i] }));
    else for (const k of Object.keys(v)) stack.push({ v: (v as Record<string, unknown>)[k], path: [...path, k] });
  }
  return null;
}

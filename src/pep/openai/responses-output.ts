/**
 * The texts of a Responses API `response` object: message parts (`output_text` text, `refusal`)
 * and reasoning (summary and content text). Each has a key that the streaming events name too
 * (item id, and content or summary index), so text redacted from deltas can be written back into
 * the `done` events and the final response.
 */

type Item = { id?: unknown; type?: unknown; content?: unknown; summary?: unknown; [k: string]: unknown };
type Part = { type?: unknown; text?: unknown; refusal?: unknown; [k: string]: unknown };

/** One text of a response. */
export interface ResponseText {
  key: string;
  text: string;
}

/** Key of a text: `<item id>:c:<content index>` or `<item id>:s:<summary index>`. */
export const textKey = (itemId: unknown, list: 'c' | 's', index: number): string => `${String(itemId)}:${list}:${index}`;

const fieldOf = (part: Part): 'text' | 'refusal' | null =>
  typeof part.text === 'string' ? 'text' : part.type === 'refusal' && typeof part.refusal === 'string' ? 'refusal' : null;

/** Every text in an output item. */
export function itemTexts(item: Item, position: number): ResponseText[] {
  const out: ResponseText[] = [];
  const id = item.id ?? `#${position}`;
  for (const list of ['c', 's'] as const) {
    const parts = item[list === 'c' ? 'content' : 'summary'];
    if (!Array.isArray(parts)) continue;
    parts.forEach((p: Part, j) => {
      const field = p && typeof p === 'object' ? fieldOf(p) : null;
      if (field) out.push({ key: textKey(id, list, j), text: p[field] as string });
    });
  }
  return out;
}

/** The item with each text replaced by `replace(key, text)`. */
export function rewriteItem<T extends Item>(item: T, position: number, replace: (key: string, text: string) => string): T {
  const id = item.id ?? `#${position}`;
  let out: T = item;
  for (const list of ['c', 's'] as const) {
    const name = list === 'c' ? 'content' : 'summary';
    const parts = item[name];
    if (!Array.isArray(parts)) continue;
    out = {
      ...out,
      [name]: parts.map((p: Part, j) => rewritePart(p, textKey(id, list, j), replace)),
    };
  }
  return out;
}

/** A content or summary part with its text replaced (and log probabilities dropped). */
export function rewritePart<P>(part: P, key: string, replace: (key: string, text: string) => string): P {
  const p = part as Part;
  const field = p && typeof p === 'object' ? fieldOf(p) : null;
  if (!field) return part;
  return { ...p, [field]: replace(key, p[field] as string), ...(Array.isArray(p.logprobs) ? { logprobs: [] } : {}) } as P;
}

/** Every text in a response's `output`. */
export function responseTexts(response: { output?: unknown }): ResponseText[] {
  return Array.isArray(response.output) ? response.output.flatMap((item: Item, i) => (item && typeof item === 'object' ? itemTexts(item, i) : [])) : [];
}

/** The response with its texts replaced, and `output_text` (the SDK's convenience) recomputed. */
export function rewriteResponse<T extends { output?: unknown; output_text?: unknown }>(response: T, replace: (key: string, text: string) => string): T {
  if (!Array.isArray(response.output)) return response;
  const output = response.output.map((item: Item, i) => (item && typeof item === 'object' ? rewriteItem(item, i, replace) : item));
  const out = { ...response, output };
  if ('output_text' in response) {
    out.output_text = output
      .filter((item: Item) => item?.type === 'message' && Array.isArray(item.content))
      .flatMap((item: Item) => (item.content as Part[]).filter((p) => p?.type === 'output_text' && typeof p.text === 'string').map((p) => p.text as string))
      .join('');
  }
  return out;
}

/**
 * The text of an MCP tool result that the `tool_result` decision reads, and how to write the
 * redacted form back. Text items and embedded text resources are governed; images, audio and
 * blobs are not text and pass through. A single text item is checked as it is (a JSON text is
 * then redacted leaf by leaf); several items, or structured content, are checked as one JSON
 * document `{ content: [...texts], structuredContent }`.
 */

/** The parts of a `CallToolResult` this module reads (the SDK's type is wider). */
export interface ToolResultLike {
  content?: unknown;
  structuredContent?: unknown;
  isError?: boolean;
  _meta?: Record<string, unknown>;
  [key: string]: unknown;
}

interface Slot {
  text: string;
  index: number;
  inResource: boolean;
}

export type ResultPayload<R> =
  | { kind: 'text'; text: string; write(text: string): R }
  | { kind: 'json'; value: { content: string[]; structuredContent?: unknown }; write(value: { content: string[]; structuredContent?: unknown }): R };

function slotsOf(content: unknown): Slot[] {
  if (!Array.isArray(content)) return [];
  const slots: Slot[] = [];
  content.forEach((item: unknown, index) => {
    const it = item as { type?: unknown; text?: unknown; resource?: { text?: unknown } } | null;
    if (it?.type === 'text' && typeof it.text === 'string') slots.push({ text: it.text, index, inResource: false });
    else if (it?.type === 'resource' && typeof it.resource?.text === 'string') slots.push({ text: it.resource.text, index, inResource: true });
  });
  return slots;
}

function withTexts<R extends ToolResultLike>(result: R, slots: Slot[], texts: string[]): R {
  const content = [...(result.content as unknown[])];
  slots.forEach((slot, i) => {
    const item = content[slot.index] as Record<string, unknown>;
    content[slot.index] = slot.inResource ? { ...item, resource: { ...(item.resource as object), text: texts[i] } } : { ...item, text: texts[i] };
  });
  return { ...result, content };
}

/** What to check in `result`, or null when it has no text at all. */
export function resultPayload<R extends ToolResultLike>(result: R): ResultPayload<R> | null {
  const slots = slotsOf(result.content);
  const structured = result.structuredContent;
  if (slots.length === 0 && structured === undefined) return null;
  if (slots.length === 1 && structured === undefined) {
    return { kind: 'text', text: slots[0]!.text, write: (text) => withTexts(result, slots, [text]) };
  }
  return {
    kind: 'json',
    value: { content: slots.map((s) => s.text), ...(structured !== undefined ? { structuredContent: structured } : {}) },
    write: (value) => {
      const out = withTexts(result, slots, value.content);
      return structured !== undefined ? { ...out, structuredContent: value.structuredContent } : out;
    },
  };
}

import type { Message } from '../../pdp/request-schema.js';
import type { Prompt, PromptMessage } from './ai-sdk-types.js';

/**
 * The prompt as the engine reads it: system messages as text; text and reasoning parts, and
 * tool results whose output is text, as `{ type, text }` parts. Files, tool calls and JSON tool
 * outputs are not scanned (a tool call's arguments are the model's own output from an earlier turn).
 */
export function promptToMessages(prompt: Prompt): Message[] {
  return prompt.map((m) => {
    if (typeof m.content === 'string') return { role: m.role, content: m.content };
    return { role: m.role, content: (m.content as unknown[]).map(partView) };
  });
}

type AnyPart = { type: string; text?: unknown; output?: { type?: string; value?: unknown } };

function partView(raw: unknown): { type: string; text?: string } {
  const p = raw as AnyPart;
  if ((p.type === 'text' || p.type === 'reasoning') && typeof p.text === 'string') return { type: p.type, text: p.text };
  if (p.type === 'tool-result' && (p.output?.type === 'text' || p.output?.type === 'error-text') && typeof p.output.value === 'string') return { type: p.type, text: p.output.value };
  return { type: p.type };
}

/** The prompt with each redacted text written back into the part it came from. */
export function messagesToPrompt(prompt: Prompt, view: readonly Message[], redacted: readonly Message[]): Prompt {
  return prompt.map((m, i) => {
    const r = redacted[i];
    if (!r || r === view[i]) return m;
    if (typeof m.content === 'string') return { ...m, content: typeof r.content === 'string' ? r.content : m.content } as PromptMessage;
    const parts = Array.isArray(r.content) ? r.content : [];
    const content = (m.content as AnyPart[]).map((p, j) => {
      const text = (parts[j] as { text?: unknown } | undefined)?.text;
      if (typeof text !== 'string') return p;
      if (p.type === 'tool-result') return text === p.output?.value ? p : { ...p, output: { ...p.output, value: text } };
      return text === p.text ? p : { ...p, text };
    });
    return { ...m, content } as PromptMessage;
  }) as Prompt;
}

import type { OutputGovernorOptions } from '../model-calls/governed-output.js';
import { governOutputTexts } from '../model-calls/governed-output.js';

/** The parts of a chat completion the wrapper reads and rewrites. */
export interface ChatCompletionLike {
  choices?: Array<{ index?: number; message?: { content?: unknown; refusal?: unknown; [k: string]: unknown }; logprobs?: unknown; [k: string]: unknown }>;
  [k: string]: unknown;
}

type Slot = { choice: number; field: 'content' | 'refusal' };

/**
 * Checks a (non-streamed) chat completion at the output stage and returns it with every
 * choice's `content` and `refusal` redacted. `logprobs` are dropped: they spell out the raw tokens.
 */
export async function governChatCompletion<T extends ChatCompletionLike>(completion: T, options: OutputGovernorOptions): Promise<T> {
  const choices = completion.choices ?? [];
  const slots: Slot[] = [];
  const texts: string[] = [];
  choices.forEach((c, i) => {
    for (const field of ['content', 'refusal'] as const) {
      const value = c.message?.[field];
      if (typeof value === 'string' && value !== '') {
        slots.push({ choice: i, field });
        texts.push(value);
      }
    }
  });
  const redacted = await governOutputTexts(options, texts.length ? texts : ['']);
  const out = choices.map((c) => ({ ...c, ...(c.logprobs != null ? { logprobs: null } : {}), ...(c.message ? { message: { ...c.message } } : {}) }));
  slots.forEach((s, k) => {
    out[s.choice]!.message![s.field] = redacted[k]!;
  });
  return { ...completion, choices: out };
}

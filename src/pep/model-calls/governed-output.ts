import type { Decision } from '../../pdp/decision.js';
import type { Message } from '../../pdp/request-schema.js';
import { ApprovalRequiredError, PolicyDeniedError } from '../guard/errors.js';
import type { GatehouseCore, Identity } from '../guard/gatehouse-core.js';
import { stopsStream } from '../streaming/segment-decision.js';
import { createStreamRedactor, type StreamRedactor, type StreamRedactorOptions } from '../streaming/stream-redactor.js';

/** Facts about the call that output policies may test (`model`, `provider`, `attributes`). */
export interface CallFacts {
  model?: string;
  provider?: string;
  attributes?: Record<string, unknown>;
}

/** Window options of the stream redactor. */
export type StreamWindowOptions = Pick<StreamRedactorOptions, 'lookahead' | 'minSegment' | 'window'>;

export interface OutputGovernorOptions {
  gatehouse: GatehouseCore;
  /** With a `traceparent`, so the output decision joins the input decision's trace. */
  identity: Identity;
  facts?: CallFacts;
  restore?: (text: string) => string;
  stream?: StreamWindowOptions;
}

function outputRequest(identity: Identity, facts: CallFacts | undefined) {
  return {
    orgId: identity.orgId,
    ...(identity.clientId !== undefined ? { clientId: identity.clientId } : {}),
    ...(identity.userId !== undefined ? { userId: identity.userId } : {}),
    ...(identity.roles !== undefined ? { roles: identity.roles } : {}),
    ...(facts?.model !== undefined ? { model: facts.model } : {}),
    ...(facts?.provider !== undefined ? { provider: facts.provider } : {}),
    ...(facts?.attributes !== undefined ? { attributes: facts.attributes } : {}),
  };
}

function stopError(decision: Decision): Error {
  return decision.verdict === 'require_approval' ? new ApprovalRequiredError(decision, null) : new PolicyDeniedError(decision, 'model output');
}

/** One output decision over several texts: the text itself, or one assistant message per text. */
function outputInput(texts: readonly string[]): { text: string } | { messages: Message[] } {
  return texts.length === 1 ? { text: texts[0]! } : { messages: texts.map((content) => ({ role: 'assistant', content })) };
}

function redactedTexts(decision: Decision, texts: readonly string[]): string[] {
  if (texts.length === 1) return [decision.redactedText ?? texts[0]!];
  return texts.map((t, i) => {
    const content = decision.redactedMessages?.[i]?.content;
    return typeof content === 'string' ? content : t;
  });
}

/**
 * Checks a complete model reply (one text per choice) at the output stage, records the decision,
 * and returns the texts redacted and with tokenized input values restored. Throws
 * `PolicyDeniedError` / `ApprovalRequiredError` as `guard()` does for output.
 */
export async function governOutputTexts(options: OutputGovernorOptions, texts: readonly string[]): Promise<string[]> {
  if (texts.length === 0) return [];
  const decision = await options.gatehouse.check(options.identity, { stage: 'output', ...outputInput(texts), ...outputRequest(options.identity, options.facts) } as never);
  if (stopsStream(decision)) throw stopError(decision);
  const restore = options.restore ?? ((t: string) => t);
  return redactedTexts(decision, texts).map(restore);
}

/** Streamed output of one call, on one or more channels (choices, content parts). */
export interface OutputStreamGovernor<K> {
  /** Adds a delta to a channel; resolves to the text of that channel now safe to show. */
  push(channel: K, delta: string): Promise<string>;
  /**
   * The stream has ended: records the output decision over every channel's full text, then
   * releases what each channel still holds. Throws if that decision stops the output.
   */
  finish(): Promise<Map<K, string>>;
  /** The consumer stopped reading: records the output decision over what arrived. */
  abandon(): Promise<void>;
  /** The recorded output decision, once there is one. */
  readonly decision: Decision | null;
}

/**
 * Governs a streamed reply: each channel's deltas go through its own stream redactor (nothing
 * that straddles deltas leaks, and no channel releases text the engine would redact), and one
 * output decision over the whole reply is recorded at the end, under the input's trace id.
 *
 * When a segment is stopped (`deny`, `require_approval`), the decision over everything received
 * so far is recorded, and its error is thrown.
 */
export function createOutputStreamGovernor<K>(options: OutputGovernorOptions): OutputStreamGovernor<K> {
  const request = outputRequest(options.identity, options.facts);
  const decide = (text: string) => options.gatehouse.engine.decide({ ...request, stage: 'output', text });
  const restore = options.restore ?? ((t: string) => t);
  const channels = new Map<K, { redactor: StreamRedactor; text: string }>();
  let decision: Decision | null = null;
  let recording: Promise<Decision> | null = null;

  function channel(key: K) {
    let c = channels.get(key);
    if (!c) {
      c = { redactor: createStreamRedactor({ decide, ...options.stream }), text: '' };
      channels.set(key, c);
    }
    return c;
  }

  /** Records the output decision once, over every channel's text so far. */
  function record(): Promise<Decision> {
    recording ??= (async () => {
      const texts = [...channels.values()].map((c) => c.text);
      decision = await options.gatehouse.check(options.identity, { stage: 'output', ...outputInput(texts.length ? texts : ['']), ...request } as never);
      return decision;
    })();
    return recording;
  }

  /** A segment stopped: record, and throw the recorded decision's error when it stops too. */
  async function stopped(error: unknown): Promise<never> {
    if (!(error instanceof PolicyDeniedError || error instanceof ApprovalRequiredError)) throw error;
    const recorded = await record();
    throw stopsStream(recorded) ? stopError(recorded) : error;
  }

  return {
    async push(key, delta) {
      const c = channel(key);
      c.text += delta;
      try {
        return restore(c.redactor.push(delta));
      } catch (error) {
        return stopped(error);
      }
    },
    async finish() {
      const recorded = await record();
      if (stopsStream(recorded)) throw stopError(recorded);
      const rest = new Map<K, string>();
      for (const [key, c] of channels) {
        try {
          rest.set(key, restore(c.redactor.end()));
        } catch (error) {
          return stopped(error);
        }
      }
      return rest;
    },
    async abandon() {
      await record();
    },
    get decision() { return decision; },
  };
}

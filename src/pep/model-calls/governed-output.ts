import type { Decision } from '../../pdp/decision.js';
import { ApprovalRequiredError, PolicyDeniedError } from '../guard/errors.js';
import type { GatehouseCore, Identity } from '../guard/gatehouse-core.js';
import { checkOutput, enforceOutputDecision, outputBody, outputStopError } from '../guard/output-check.js';
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

const MODEL_OUTPUT = 'model output';

/**
 * Checks a complete model reply (one text per choice) at the output stage, records the decision,
 * and returns the texts redacted and with tokenized input values restored. Throws
 * `PolicyDeniedError` / `ApprovalRequiredError` as `guard()` does for output.
 */
export async function governOutputTexts(options: OutputGovernorOptions, texts: readonly string[]): Promise<string[]> {
  if (texts.length === 0) return [];
  const request = outputRequest(options.identity, options.facts);
  const checked = await checkOutput(texts, (body) => options.gatehouse.check(options.identity, { stage: 'output', ...body, ...request } as never), { what: MODEL_OUTPUT, restore: options.restore });
  return checked.texts;
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
      decision = await options.gatehouse.check(options.identity, { stage: 'output', ...outputBody(texts.length ? texts : ['']), ...request } as never);
      return decision;
    })();
    return recording;
  }

  /** A segment stopped: record, and throw the recorded decision's error when it stops too. */
  async function stopped(error: unknown): Promise<never> {
    if (!(error instanceof PolicyDeniedError || error instanceof ApprovalRequiredError)) throw error;
    const recorded = await record();
    throw outputStopError(recorded, MODEL_OUTPUT) ?? error;
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
      enforceOutputDecision(await record(), MODEL_OUTPUT);
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

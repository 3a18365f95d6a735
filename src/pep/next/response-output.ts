/**
 * The output check of a route handler's `Response`: JSON bodies are checked leaf by leaf, text
 * bodies (`text/*`, event streams included, which are buffered) as text; other bodies (images,
 * files) are passed through.
 */
import type { Decision } from '../../pdp/decision.js';
import type { GatehouseCore, Identity } from '../guard/gatehouse-core.js';
import { governOutputJson, governOutputText, type GovernOutputOptions } from '../adapter-kit/govern-output.js';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

function rebuilt(response: Response, body: string): Response {
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

/**
 * The response to send: the same object when nothing changed, or a copy with the redacted
 * body. Rejects with `PolicyDeniedError` when the body must not be sent.
 */
export async function governResponse(core: GatehouseCore, identity: Identity, response: Response, options: GovernOutputOptions): Promise<{ response: Response; decision: Decision | null }> {
  if (!response.body) return { response, decision: null };
  const type = response.headers.get('content-type') ?? '';
  if (JSON_TYPE.test(type)) {
    const text = await response.text();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      // Labelled JSON that is not: check it as text rather than let it through.
      const out = await governOutputText(core, identity, text, options);
      return { response: rebuilt(response, out.text), decision: out.decision };
    }
    const out = await governOutputJson(core, identity, value, options);
    return { response: rebuilt(response, out.changed ? JSON.stringify(out.value) : text), decision: out.decision };
  }
  if (type.toLowerCase().startsWith('text/')) {
    const out = await governOutputText(core, identity, await response.text(), options);
    return { response: rebuilt(response, out.text), decision: out.decision };
  }
  return { response, decision: null };
}

/**
 * `app/api/chat/route.ts`: an App Router route handler, exactly as it would sit in a Next app.
 * withGatehouse checks the request before the handler runs and the response after it.
 */
import { withGatehouse } from '../../../../../src/pep/next/index.js';
import { gh, identityFrom } from '../../../lib/gatehouse.js';

export const runtime = 'nodejs';

export const POST = withGatehouse(async (req) => {
  const { messages } = (await req.json()) as { messages: Array<{ role: string; content: string }> }; // already redacted
  const res = await fetch(`${process.env.OPENAI_BASE_URL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4.1', messages }),
  });
  const completion = (await res.json()) as { choices: Array<{ message: { content: string } }> };
  return Response.json({ reply: completion.choices[0]!.message.content }); // checked on the way out
}, gh, { resolveIdentity: identityFrom });

/**
 * `npx tsx examples/next-route/main.ts`: the App Router route in app/api/chat/route.ts, served
 * on 127.0.0.1 the way Next's Node runtime serves it (node:http → Web Request → handler →
 * Web Response), with a local OpenAI-wire stub as the model. Also calls the Server Action.
 */
import { serveWebHandler } from '../../tests/fixtures/web-request-bridge.js';
import { startOpenAIStub } from '../shared/openai-stub.js';
import { saveSupportNote } from './app/actions.js';
import { POST } from './app/api/chat/route.js';
import { decisions } from './lib/gatehouse.js';

const model = await startOpenAIStub({
  replies: (request) => {
    const messages = request.body.messages as Array<{ content: string }>;
    const last = messages.at(-1)!.content;
    // The third conversation asks for the card on file: the "model" leaks one.
    return { text: last.includes('card on file') ? 'The card on file is 5555 5555 5555 4444.' : `You said: ${last}` };
  },
});
process.env.OPENAI_BASE_URL = model.baseURL;
const server = await serveWebHandler((req) => POST(req, { params: Promise.resolve({}) }));

async function chat(content: string, user: string | null = 'dana') {
  const res = await fetch(`${server.url}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(user ? { 'x-user-id': user } : {}) },
    body: JSON.stringify({ messages: [{ role: 'user', content }] }),
  });
  return { status: res.status, decisionId: res.headers.get('gatehouse-decision-id'), body: (await res.json()) as Record<string, any> };
}

try {
  console.log('POST /api/chat (App Router route handler)');
  const pii = await chat('Card 4111 1111 1111 1111, receipt to dana.ng@example.com');
  console.log(`  redaction: model saw "${(model.received.at(-1)!.body.messages as Array<{ content: string }>)[0]!.content}"`);
  console.log(`             HTTP ${pii.status}, reply "${pii.body.reply}", decision ${pii.decisionId}`);
  const secret = await chat('Deploy with AKIAZ7Q3KX2LMN4P5R6T please');
  console.log(`  denial:    HTTP ${secret.status} ${secret.body.error} (${secret.body.reasons[0].code}, ${secret.body.reasons[0].policy_id}), decision ${secret.body.decision_id}`);
  const leak = await chat('What is the card on file?');
  console.log(`  output:    HTTP ${leak.status}, reply "${leak.body.reply}"`);
  const anonymous = await chat('hello', null);
  console.log(`  identity:  no user -> HTTP ${anonymous.status} ${anonymous.body.error}`);

  console.log('Server Action saveSupportNote(formData)');
  const form = new FormData();
  form.set('customer_email', 'li.wei@example.com');
  form.set('note', 'Customer read out card 4111 1111 1111 1111 on the call');
  const saved = await saveSupportNote(form);
  console.log(`  stored note: "${saved.saved}"`);
  console.log(`  returned:    "${saved.message}"`);

  console.log('Audit sink');
  for (const d of decisions) console.log(`  ${d.decisionId} ${String(d.stage).padEnd(6)} ${d.verdict.padEnd(7)} ${d.identity.userId ?? '-'}`);
} finally {
  await server.close();
  await model.close();
}

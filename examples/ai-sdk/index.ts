/**
 * `npx tsx examples/ai-sdk/index.ts`: the Vercel AI SDK (`ai` v5) with `gatehouse/ai-sdk`'s
 * middleware, against a local OpenAI-wire stub on 127.0.0.1 (no network, no API key). The model
 * is a small hand-written provider that speaks to the stub over HTTP (../shared/stub-chat-model.ts).
 *
 * 1. generateText with a card and an email: the model sees them redacted; the reply restores the email.
 * 2. streamText whose reply splits a card number across two deltas: it never appears.
 * 3. A prompt carrying an AWS key: blocked, the model is never called.
 * 4. The audit trail.
 */
import { generateText, streamText, wrapLanguageModel } from 'ai';
import { gatehouseMiddleware, PolicyDeniedError } from '../../src/pep/ai-sdk/index.js';
import { createGatehouseCore } from '../../src/pep/guard/index.js';
import { engine, memoryAudit, printTrail } from '../shared/model-policies.js';
import { startOpenAIStub } from '../shared/openai-stub.js';
import { stubChatModel } from '../shared/stub-chat-model.js';

const stub = await startOpenAIStub();
const audit = memoryAudit();
const gatehouse = createGatehouseCore({ engine, audit });
const model = wrapLanguageModel({
  model: stubChatModel({ baseURL: stub.baseURL, modelId: 'gpt-4.1' }),
  middleware: gatehouseMiddleware(gatehouse, { identity: { orgId: 'acme', userId: 'dana' } }),
});
const sentToModel = () => JSON.stringify((stub.received.at(-1)?.body.messages as Array<{ content: string }>).at(-1)?.content);

try {
  console.log('1. generateText');
  const { text } = await generateText({ model, prompt: 'Refund card 4111 1111 1111 1111 and email dana.ng@example.com' });
  console.log(`   model saw: ${sentToModel()}`);
  console.log(`   reply:     ${text}`);

  console.log('2. streamText with a card split across deltas');
  const reply = 'Done: the refund went to card 4111 1111 1111 1111 this morning.';
  const cut = reply.indexOf('1111 1111 1111') + 2;
  stub.script({ text: reply, splitAt: [cut] });
  console.log(`   the model sends: ${JSON.stringify(reply.slice(0, cut))} + ${JSON.stringify(reply.slice(cut))}`);
  const deltas: string[] = [];
  for await (const delta of streamText({ model, prompt: 'Status?' }).textStream) deltas.push(delta);
  console.log(`   the caller reads: ${deltas.map((d) => JSON.stringify(d)).join(' + ')}`);

  console.log('3. A blocked prompt');
  const before = stub.received.length;
  try {
    await generateText({ model, prompt: 'Deploy with key AKIAZ7Q3KX2LMN4P5R6T' });
  } catch (error) {
    if (!(error instanceof PolicyDeniedError)) throw error;
    console.log(`   ${error.code}: ${error.decision.reasons.map((r) => r.code).join(', ')}; decision_id ${error.decision.decisionId}`);
  }
  console.log(`   model calls made: ${stub.received.length - before}`);

  console.log('4. Audit trail');
  printTrail(audit.decisions);
} finally {
  await stub.close();
}

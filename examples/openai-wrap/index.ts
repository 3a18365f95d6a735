/**
 * `npx tsx examples/openai-wrap/index.ts`: the official `openai` client, governed by
 * `gatehouse/openai`, against a local OpenAI-wire stub on 127.0.0.1 (no network, no API key).
 *
 * 1. A request with a card and an email: the model sees them redacted; the reply restores the email.
 * 2. A streamed reply whose card number is split across two SSE chunks: it never appears.
 * 3. A request carrying an AWS key: blocked before any HTTP request.
 * 4. A reply the output policy blocks, mid-stream.
 * 5. The audit trail: an input and an output decision per call, under one trace id each.
 */
import OpenAI from 'openai';
import { createGatehouseCore } from '../../src/pep/guard/index.js';
import { PolicyDeniedError, wrapOpenAI } from '../../src/pep/openai/index.js';
import { engine, memoryAudit, printTrail } from '../shared/model-policies.js';
import { startOpenAIStub } from '../shared/openai-stub.js';

const stub = await startOpenAIStub();
const audit = memoryAudit();
const gatehouse = createGatehouseCore({ engine, audit });
const openai = wrapOpenAI(new OpenAI({ apiKey: 'not-needed', baseURL: stub.baseURL }), gatehouse, {
  identity: { orgId: 'acme', userId: 'dana' },
});
const sentToModel = () => JSON.stringify((stub.received.at(-1)?.body.messages as Array<{ content: string }>).at(-1)?.content);

try {
  console.log('1. A redacted request');
  const reply = await openai.chat.completions.create({
    model: 'gpt-4.1',
    messages: [{ role: 'user', content: 'Refund card 4111 1111 1111 1111 and email dana.ng@example.com' }],
  });
  console.log(`   model saw: ${sentToModel()}`);
  console.log(`   reply:     ${reply.choices[0]!.message.content}`);

  console.log('2. A streamed reply with a card split across chunks');
  const text = 'Done: the refund went to card 4111 1111 1111 1111 this morning.';
  const cut = text.indexOf('1111 1111 1111') + 2; // "…4111 11" | "11 1111 1111…"
  stub.script({ text, splitAt: [cut] });
  console.log(`   the model sends: ${JSON.stringify(text.slice(0, cut))} + ${JSON.stringify(text.slice(cut))}`);
  const stream = await openai.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'Status?' }], stream: true });
  const deltas: string[] = [];
  for await (const chunk of stream) {
    const delta = chunk.choices[0]?.delta?.content;
    if (delta) deltas.push(delta);
  }
  console.log(`   the caller reads: ${deltas.map((d) => JSON.stringify(d)).join(' + ')}`);

  console.log('3. A blocked request');
  const before = stub.received.length;
  try {
    await openai.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'Deploy with key AKIAZ7Q3KX2LMN4P5R6T' }] });
  } catch (error) {
    if (!(error instanceof PolicyDeniedError)) throw error;
    console.log(`   ${error.code}: ${error.decision.reasons.map((r) => r.code).join(', ')}; decision_id ${error.decision.decisionId}`);
  }
  console.log(`   HTTP requests made: ${stub.received.length - before}`);

  console.log('4. A streamed reply the output policy blocks');
  stub.script({ text: `${'Here is the plan. '.repeat(150)}The launch codes are 0000. Goodbye.`, chunkSize: 12 });
  let shown = '';
  try {
    for await (const chunk of await openai.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'Plan?' }], stream: true })) {
      shown += chunk.choices[0]?.delta?.content ?? '';
    }
  } catch (error) {
    if (!(error instanceof PolicyDeniedError)) throw error;
    console.log(`   stream stopped: ${error.code} (${error.decision.reasons.map((r) => r.policyId).join(', ')}) after ${shown.length} characters; blocked text shown: ${shown.includes('launch codes')}`);
  }

  console.log('5. Audit trail');
  printTrail(audit.decisions);
} finally {
  await stub.close();
}

/**
 * The chat service: an Express app whose POST /chat is governed by gatehouse/express and whose
 * model is any OpenAI-compatible endpoint (here, the local stub).
 */
import express from 'express';
import type { ApiKeyLookup } from '../../src/crypto/index.js';
import { gatehouseErrorHandler, gatehouseExpress, type AdapterApprovals, type GatehouseCore } from '../../src/pep/express/index.js';

async function callModel(baseURL: string, messages: unknown[]): Promise<string> {
  const res = await fetch(`${baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4.1', messages }) });
  const body = (await res.json()) as { choices: Array<{ message: { content: string } }> };
  return body.choices[0]!.message.content;
}

export function createChatApp(gh: GatehouseCore, deps: { apiKeys: ApiKeyLookup; approvals: AdapterApprovals; modelBaseURL: string }) {
  const app = express();
  app.use(express.json());
  app.post(
    '/chat',
    // The key authenticates the org and client; the end user comes from the app's own session.
    gatehouseExpress(gh, { apiKeys: deps.apiKeys, approvals: deps.approvals, resolveIdentity: (req, caller) => caller && { orgId: caller.orgId, userId: req.get('x-user-id') ?? undefined } }),
    async (req, res) => {
      const reply = await callModel(deps.modelBaseURL, req.body.messages); // the redacted messages
      res.json({ reply: await res.locals.gatehouse.guardOutput(reply), decision_id: res.locals.gatehouse.decision.decisionId });
    },
  );
  app.use(gatehouseErrorHandler());
  return app;
}

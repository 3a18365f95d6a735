/**
 * `npm run demo`: runs Gatehouse's detectors over a handful of realistic prompts and tool
 * calls, then governs a (stubbed) model call with policies and records every decision in an
 * embedded audit trail. Needs no server and no network: the store is PGlite, in memory.
 */
import { createGatehouse, detect, explain, scanSql, PolicyDeniedError, type Finding } from '../src/index.js';
import { queryAuditRecords, verifyChain } from '../src/audit/index.js';

const PROMPTS: { title: string; text: string; region?: string }[] = [
  {
    title: 'Customer-support chat (US)',
    text: 'Hi, I was double charged. My card is 4539 1488 0343 6467, exp 09/27, and my SSN is 536-22-8726 if you need to verify. Reach me at jordan.reyes@example.com or (415) 555-0132.',
  },
  {
    title: 'Payroll question (India)',
    region: 'IN',
    text: 'Please update my KYC: Aadhaar 2341 2341 2346, PAN ABCPE1234F, mobile +91 98765 43210. Salary goes to IBAN DE89 3704 0044 0532 0130 00.',
  },
  {
    title: 'Travel agent (Singapore)',
    region: 'SG',
    text: 'Book the Changi hotel for Tan Wei Ming, NRIC S1234567D, passport K1234567A, date of birth 14 March 1985. Booking reference: X7QK2P. Company UEN 201912345R.',
  },
  {
    title: 'Developer pasting config into a prompt',
    text: 'Why does this fail? AWS_ACCESS_KEY_ID=AKIAZ7Q3KX2LMN4P5R6T and api_key = "9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c" in config.yml; version 2.4.1, order number 4111111111111111.',
  },
  {
    title: 'Harmless prompt',
    text: 'Summarise the Q3 report: revenue grew 12% to $4,300,000 across 1,250 stores; release v3.2.1 ships on 2025-01-15.',
  },
];

const TOOL_CALLS = [
  "SELECT name, email FROM customers WHERE id = 42",
  "1' OR '1'='1' --",
  "42; DROP TABLE customers; --",
  "' UNION SELECT username, password FROM users--",
  'Drop me a line if the union members select a new chair.',
];

function show(f: Finding): string {
  return `  ${f.type.padEnd(18)} ${JSON.stringify(f.value).padEnd(40)} confidence ${f.confidence.toFixed(2)}  [${f.start}, ${f.end})`;
}

console.log('Gatehouse demo: detectors\n');
for (const p of PROMPTS) {
  const findings = detect(p.text, p.region ? { region: p.region } : {});
  console.log(`${p.title}${p.region ? ` (region ${p.region})` : ''}`);
  console.log(`  "${p.text}"`);
  console.log(findings.length ? findings.map(show).join('\n') : '  (nothing sensitive found)');
  console.log();
}

console.log('Gatehouse demo: SQL arguments of a database tool\n');
for (const q of TOOL_CALLS) {
  const r = scanSql(q);
  const verdict = r.detected ? `${r.category} (confidence ${r.confidence.toFixed(2)})` : 'clean';
  console.log(`  ${JSON.stringify(q).padEnd(62)} -> ${verdict}`);
}

console.log('\nGatehouse demo: decisions, enforcement and audit (PGlite in memory)\n');
const auditSecret = 'demo-audit-secret-not-for-production-use!';
const gh = await createGatehouse({
  store: { dataDir: 'memory' },
  auditSecret,
  audit: 'sync',
  policies: {
    packs: ['pci-dss'],
    policies: [
      { id: 'secrets', kind: 'detector', types: { aws_access_key_id: { action: 'block' }, private_key: { action: 'block' } } },
      { id: 'contact', kind: 'detector', types: { email: { action: 'redact', style: 'tokenize' }, ssn: { action: 'redact' } } },
      { id: 'db', kind: 'tool', readOnlyTools: ['db.query'], args: [{ arg: 'sql', scan: 'sql', action: 'block' }] },
    ],
  },
});
// The "model": echoes what it was sent, so you can see what it saw.
const model = async (input: { messages?: { role: string; content: string | null }[] }) => `I received: ${input.messages?.at(-1)?.content}`;
const who = { orgId: 'acme', userId: 'jordan' };
try {
  const prompt = PROMPTS[0]!.text;
  const reply = await gh.guard(who, { messages: [{ role: 'user', content: prompt }] }, model);
  console.log('1. A support prompt goes to the model redacted; tokenized values come back restored:');
  console.log(`   reply: ${reply}\n`);

  try {
    await gh.guard(who, { messages: [{ role: 'user', content: PROMPTS[3]!.text }] }, model);
  } catch (error) {
    if (!(error instanceof PolicyDeniedError)) throw error;
    console.log('2. A prompt carrying an AWS key is denied before the model is called:');
    console.log(explain(error.decision).split('\n').map((l) => `   ${l}`).join('\n'), '\n');
  }

  const tool = await gh.check(who, { stage: 'tool_call', tool: { name: 'db.query', args: { sql: "SELECT * FROM users WHERE name = '' OR '1'='1'" } } });
  console.log(`3. A tool call with an SQL injection: ${tool.verdict} (${tool.reasons.map((r) => r.code).join(', ')})\n`);

  const { records } = await queryAuditRecords(gh.store, 'acme');
  console.log('4. The audit trail (no raw values in it):');
  for (const r of records) console.log(`   #${r.seq} ${r.decisionId} ${r.stage.padEnd(9)} ${r.verdict}`);
  console.log(`   hash chain valid: ${(await verifyChain(gh.store, 'acme', { auditSecret })).valid}`);
} finally {
  await gh.close();
}

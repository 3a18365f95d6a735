/**
 * `gatehouse decide`: one decision request in (JSON), the Decision out. For trying policies
 * from a shell or a script; gateways that are not Node use the Decision Mode server.
 */
import { formatIssuePath } from '../../errors.js';
import type { Decision, Obligation } from '../../pdp/decision.js';
import { explain } from '../../pdp/explain.js';
import type { DecisionRequestInput } from '../../pdp/request-schema.js';
import type { CliIo } from '../cli-io.js';
import { CliUsageError } from '../cli-usage-error.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit-codes.js';
import { readJsonInput } from '../json-input.js';
import { loadPolicyEngine, REDACTION_SECRET_VARIABLE } from '../load-policy-engine.js';
import { parseCommandLine } from '../parse-command-line.js';

/** Environment variable with the master secret for the `hash` and `format_preserving` styles. */
export { REDACTION_SECRET_VARIABLE } from '../load-policy-engine.js';

export const DECIDE_HELP = `Usage: gatehouse decide --policies <file.json> [--request <file.json>|-] [options]

Decides one request against a policy set and prints the Decision as JSON. The request is a
JSON object ({ "orgId", "stage", "text" | "messages" | "tool", … }) read from --request, or
from standard input when it is piped.

Options:
  --policies <file>    the policy set, as JSON (required)
  --request <file|->   the request (default: standard input)
  --explain            print a readable trace (explain()) instead of JSON
  --restore-tokens     include the token → value map of the restore obligation; it holds the
                       original values, so it is left out unless asked for
  -h, --help           show this help

Set ${REDACTION_SECRET_VARIABLE} (32+ bytes, or base64/hex) to keep hash and format_preserving
output stable across runs.

Exit codes: 0 allow or redact, 1 deny or require_approval, 2 usage error (missing or invalid
policies file, a request that is not valid JSON or not a valid request).

Examples:
  echo '{"orgId":"acme","stage":"input","text":"card 4111 1111 1111 1111"}' \\
    | gatehouse decide --policies policies.json
  gatehouse decide --policies policies.json --request request.json --explain
`;

const OPTIONS = {
  policies: { type: 'string' },
  request: { type: 'string' },
  explain: { type: 'boolean' },
  'restore-tokens': { type: 'boolean' },
} as const;

/**
 * Runs `gatehouse decide` with the arguments after `decide`.
 *
 * @example
 * ```ts
 * const io = createMemoryCliIo({ stdin: JSON.stringify({ orgId: 'acme', stage: 'input', text: 'hi' }) });
 * await run(['--policies', 'policies.json'], io); // 0; stdout: the Decision as JSON
 * ```
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const cli = parseCommandLine('decide', argv, OPTIONS);
  if (cli.help) {
    io.stdout.write(DECIDE_HELP);
    return EXIT_OK;
  }
  if (cli.positionals.length > 0) throw new CliUsageError('decide takes no positional arguments; pass the request with --request <file> or on standard input.', 'decide');
  const policiesFile = cli.values.policies;
  if (typeof policiesFile !== 'string') throw new CliUsageError('decide needs --policies <file.json>, the policy set to decide with.', 'decide');
  const requestSource = typeof cli.values.request === 'string' ? cli.values.request : '-';
  if (requestSource === '-' && io.isTTY.stdin) {
    throw new CliUsageError('Pass the request with --request <file.json>, or pipe it in: cat request.json | gatehouse decide --policies policies.json', 'decide');
  }

  const engine = await loadPolicyEngine(io, policiesFile, 'decide');
  const request = await readJsonInput(io, requestSource, '--request file', 'decide');
  if (request === null || typeof request !== 'object' || Array.isArray(request)) {
    throw new CliUsageError('The request must be a JSON object such as {"orgId":"acme","stage":"input","text":"…"}.', 'decide');
  }
  // decide() validates the request itself and answers a bad one with `invalid_request`.
  const decision = engine.decide(request as DecisionRequestInput);
  if (decision.reasons.some((r) => r.code === 'invalid_request')) {
    const issues = (decision.issues ?? []).slice(0, 10).map((i) => `  ${formatIssuePath(i.path)}: ${i.message}`);
    throw new CliUsageError(`The request is not a valid decision request:\n${issues.join('\n')}`, 'decide');
  }
  io.stdout.write(cli.values.explain === true ? `${explain(decision)}\n` : `${JSON.stringify(printable(decision, cli.values['restore-tokens'] === true), null, 2)}\n`);
  return decision.verdict === 'allow' || decision.verdict === 'redact' ? EXIT_OK : EXIT_FINDINGS;
}

/** The decision as printed: the restore map holds original values, so it is counted, not shown, unless asked for. */
function printable(decision: Decision, withTokens: boolean): unknown {
  if (withTokens) return decision;
  return {
    ...decision,
    obligations: decision.obligations.map((o: Obligation) => (o.type === 'restore' ? { type: 'restore', tokensOmitted: Object.keys(o.tokens).length } : o)),
  };
}

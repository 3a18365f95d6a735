import { GatehouseError, PolicyConfigError, formatIssuePath } from '../errors.js';
import { createPolicyEngine, type PolicyEngine } from '../pdp/create-policy-engine.js';
import type { PolicySetInput } from '../pdp/policy-schema.js';
import type { CliIo } from './cli-io.js';
import { CliUsageError } from './cli-usage-error.js';
import { readJsonInput } from './json-input.js';

/** Keeps `hash` and `format_preserving` output stable across runs of the CLI. */
export const REDACTION_SECRET_VARIABLE = 'GATEHOUSE_REDACTION_SECRET';

/**
 * Reads a policies file and compiles it. A bad policy set is a usage error that lists each bad
 * field by path, for the command named `command`.
 */
export async function loadPolicyEngine(io: CliIo, file: string, command: string): Promise<PolicyEngine> {
  const policies = await readJsonInput(io, file, '--policies file', command);
  const secret = io.env[REDACTION_SECRET_VARIABLE];
  try {
    return createPolicyEngine({ policies: policies as PolicySetInput, ...(secret ? { redactionSecret: secret } : {}) });
  } catch (error) {
    if (error instanceof PolicyConfigError) {
      const shown = error.issues.slice(0, 10).map((i) => `  ${formatIssuePath(i.path)}: ${i.message}`);
      const more = error.issues.length > 10 ? `\n  (and ${error.issues.length - 10} more)` : '';
      throw new CliUsageError(`Invalid policies in ${file}:\n${shown.join('\n')}${more}`, command);
    }
    if (error instanceof GatehouseError && secret) throw new CliUsageError(`${error.message} (check ${REDACTION_SECRET_VARIABLE})`, command);
    throw error;
  }
}

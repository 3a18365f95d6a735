/**
 * `npm run eval`: precision, recall and look-alike rejection of `detect()` per type, and the
 * flagged rates of `scanSql`, on the shared evaluation set at `../shared/eval` (next to the
 * repository). Prints PASS/FAIL lines for the accuracy targets and exits 0 whatever they say.
 * Options: `--verbose`, `--type X`, `--limit N`, `--only pii|sql` (see eval-options.ts).
 */
import { existsSync } from 'node:fs';
import { EVAL_DIR } from './eval-data.js';
import { parseEvalOptions, type EvalOptions } from './eval-options.js';

async function main(): Promise<void> {
  let options: EvalOptions;
  try {
    options = parseEvalOptions(process.argv.slice(2));
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exitCode = 1;
    return;
  }
  if (!existsSync(EVAL_DIR)) {
    console.log(`No evaluation data at ${EVAL_DIR}; nothing to evaluate. (It sits next to the repository in the development setup.)`);
    return;
  }
  // Loaded only now, so a missing data set never needs the library, and a library that
  // fails to load (a detector mid-edit) is reported in one line rather than a stack trace.
  let report: typeof import('./eval-report.js');
  try {
    report = await import('./eval-report.js');
  } catch (e) {
    console.error(`Could not load the library (../src/index.js): ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
    return;
  }
  report.runEval(options);
}

await main();

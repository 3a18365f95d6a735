/**
 * `npm run bench`: the detector bench, then the decision-engine bench, each in its own
 * process so that neither's heap or JIT state colours the other's figures. Arguments (such
 * as `--verbose`) are passed to both. Exits non-zero if either bench could not run.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BENCHES = ['detect.bench.ts', 'decide.bench.ts'];

let failed = 0;
for (const [i, file] of BENCHES.entries()) {
  if (i > 0) console.log(`\n${'='.repeat(100)}\n`);
  // process.execArgv carries tsx's loader flags, so the child runs TypeScript the same way.
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(new URL(file, import.meta.url)), ...process.argv.slice(2)], { stdio: 'inherit' });
  if (child.status !== 0) {
    failed++;
    console.error(`${file} exited with ${child.status ?? child.signal}`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;

/**
 * `npm run bench`: the detector bench, the decision-engine bench, the Decision Mode server bench,
 * then the audit-store bench (PostgreSQL at DATABASE_URL), each in its own process so that
 * none's heap or JIT state colours another's figures. Arguments (such as `--verbose`) are
 * passed to each. Exits non-zero if any bench could not run.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BENCHES = ['detect.bench.ts', 'decide.bench.ts', 'server.bench.ts', 'audit.bench.ts'];

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

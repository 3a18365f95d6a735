/**
 * The decision-engine half of `npm run bench`: `decide()` latency (p50/p90/p99) on 1 KB and
 * 10 KB prompts against a 25-policy set with detectors on, side by side with Cedar's
 * `isAuthorized` over an equivalent 25-policy set with pre-parsed policies and no detection.
 * Prints PASS/FAIL lines for the targets of issue 3. Exits 0 when it runs: it is a report.
 * Exits 1 when the library cannot load or a contender's answers fail the sanity checks.
 */

// Loaded dynamically so that an engine mid-edit is reported in one line, not a stack trace.
try {
  const { runDecideBench } = await import('./decide/run.js');
  runDecideBench();
} catch (e) {
  console.error(`decide bench failed: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  process.exitCode = 1;
}

export {};

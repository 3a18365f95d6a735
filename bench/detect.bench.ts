/**
 * `npm run bench`: throughput of `detect()` on a realistic 1 MB chat-prompt corpus, in 4 KB
 * chunks and as one string, side by side with @redactpii/node, redact-pii and a one-regex floor.
 * Prints a table, a per-detector breakdown and PASS/FAIL lines for the performance targets.
 * Always exits 0 when it runs: it is a report. `--verbose` lists unexpected findings on the corpus.
 */

// Loaded dynamically so that a library that fails to load (a detector mid-edit) is reported
// in one line rather than a stack trace.
let bench: typeof import('./bench-run.js') | undefined;
try {
  bench = await import('./bench-run.js');
} catch (e) {
  console.error(`Could not load the library (../src/index.js): ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
}
bench?.runBench(process.argv.includes('--verbose'));

export {};

/**
 * `npx tsx bench/streaming.bench.ts [--baseline=<git ref>]`: throughput of stream redaction on a
 * 100 KB model-like reply in 20-character deltas, the working tree's redactor against the one at
 * `<git ref>` (default `HEAD`), timed interleaved in one process. Exits 0 when it runs: it is a
 * report.
 */
const ref = process.argv.find((a) => a.startsWith('--baseline='))?.slice('--baseline='.length) ?? 'HEAD';

// Loaded dynamically so that a redactor mid-edit is reported in one line, not a stack trace.
try {
  const { runStreamingBench } = await import('./streaming/run.js');
  await runStreamingBench(ref);
} catch (e) {
  console.error(`streaming bench failed: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  process.exitCode = 1;
}

export {};

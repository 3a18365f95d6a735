/**
 * The audit half of `npm run bench`: sustained audit inserts into PostgreSQL through the batch
 * writer (row-level security, hash chain, HMAC digests), against a plain multi-row INSERT of
 * the same rows into an unprotected copy of the table, in the same run; the CPU time per record
 * of the writer's process and of the PostgreSQL backends (when local); the request-path cost of
 * `writer.record()` in buffered mode; and the same writer over embedded PGlite. Uses
 * DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) and its own schema, dropped
 * afterwards.
 * Prints PASS/FAIL lines for the targets of issue 4. Exits 0 when it runs: it is a report.
 * Exits 1 when the library cannot load or PostgreSQL cannot be reached.
 */

// Loaded dynamically so that a library mid-edit is reported in one line, not a stack trace.
try {
  const { runAuditBench } = await import('./audit/run.js');
  await runAuditBench();
} catch (e) {
  console.error(`audit bench failed: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  process.exitCode = 1;
}

export {};

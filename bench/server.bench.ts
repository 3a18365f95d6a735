/**
 * The server half of `npm run bench`: requests per second and p99 latency of
 * POST /api/v1/decide through `gatehouse serve` on 127.0.0.1, with 1 KB prompts, audit off and
 * audit on (buffered; PGlite, or PostgreSQL when DATABASE_URL is set). Prints PASS/FAIL against
 * the issue 6 target (>= 5,000 req/s and p99 <= 5 ms with audit on). Options: --connections n,
 * --duration s, --warmup s, --runs n, --cpu-prof-dir dir (profile the server), --dist (run the built dist/ server, as shipped; `npm run build` first). Exits 0 when it
 * runs: it is a report.
 */
try {
  const { runServerBench } = await import('./server/run.js');
  await runServerBench();
} catch (e) {
  console.error(`server bench failed: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  process.exitCode = 1;
}

export {};

#!/usr/bin/env node
/**
 * The `gatehouse` executable. Everything happens in {@link runCli}; this file only binds it
 * to the real process. No top-level await, so the same file also bundles as CommonJS.
 */
import { nodeCliIo } from './node-cli-io.js';
import { runCli } from './run-cli.js';

runCli(process.argv.slice(2), nodeCliIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`gatehouse: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);

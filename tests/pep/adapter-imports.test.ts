/**
 * The adapters only use their framework's types: importing gatehouse/express, /next or /mcp
 * loads neither the framework nor a database driver, so each peer stays optional. Not
 * exported from the root entry point either.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const hook = './tests/fixtures/register-deny-peer-modules.mjs';

function importWithHook(code: string): string {
  return execFileSync(process.execPath, ['--import', hook, '--import', 'tsx', '--input-type=module', '-e', code], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('adapter entry points', () => {
  it('the hook really denies the peers (so the checks below can fail)', () => {
    expect(() => importWithHook("await import('express')")).toThrow(/denied module loaded: express/);
    expect(() => importWithHook("await import('@modelcontextprotocol/sdk/server/mcp.js')")).toThrow(/denied module loaded/);
  });

  it.each(['express', 'next', 'mcp'])('src/pep/%s loads no framework, SDK or database driver', (name) => {
    const out = importWithHook(`const m = await import('./src/pep/${name}/index.ts'); console.log(typeof m.createGatehouseCore)`);
    expect(out.trim()).toBe('function');
  });

  it('the root entry point does not export the adapters', () => {
    const index = readFileSync(`${root}/src/index.ts`, 'utf8');
    expect(index).not.toMatch(/pep\/(express|next|mcp|adapter-kit)/);
  });
});

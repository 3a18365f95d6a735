import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A fresh directory under the OS temp dir, with a helper to write files into it. */
export function makeTempDir(prefix: string): { dir: string; write(path: string, contents: string | Uint8Array): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `gatehouse-cli-${prefix}-`));
  return {
    dir,
    write(path, contents) {
      const full = join(dir, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, contents);
      return full;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

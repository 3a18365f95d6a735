import { lstat, readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CliUsageError } from '../cli-usage-error.js';
import type { SkippedInput } from './scan-finding.js';

/** Directories never entered while walking a tree. */
export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set(['node_modules', '.git']);

/** A file to scan. */
export interface FileToScan {
  path: string;
  name: string;
  uri: string;
  relative: boolean;
  size: number;
}

/** What {@link collectFiles} found. */
export interface CollectedFiles {
  files: FileToScan[];
  skipped: SkippedInput[];
}

/**
 * Expands the paths given on the command line into the files to scan, in a stable order:
 * each path in turn, a directory's entries sorted by name. Walking a directory skips
 * `node_modules` and `.git` and does not follow symbolic links (a path named on the command
 * line is followed). Files over `maxFileSize` are listed as skipped, not read. A path named
 * twice is scanned once.
 *
 * @throws CliUsageError when a named path does not exist.
 */
export async function collectFiles(paths: readonly string[], cwd: string, maxFileSize: number): Promise<CollectedFiles> {
  const out: CollectedFiles = { files: [], skipped: [] };
  const seen = new Set<string>();
  for (const given of paths) {
    const path = resolve(cwd, given);
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new CliUsageError(`No such file or directory: ${given}`, 'scan');
      out.skipped.push({ ...describe(path, cwd), reason: 'unreadable', detail: code ?? 'stat failed' });
      continue;
    }
    if (info.isDirectory()) await walk(path, cwd, maxFileSize, seen, out);
    else addFile(path, info, cwd, maxFileSize, seen, out);
  }
  return out;
}

async function walk(dir: string, cwd: string, maxFileSize: number, seen: Set<string>, out: CollectedFiles): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    out.skipped.push({ ...describe(dir, cwd), reason: 'unreadable', detail: (error as NodeJS.ErrnoException).code ?? 'readdir failed' });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isSymbolicLink()) continue; // links can loop, or lead out of the tree
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) await walk(path, cwd, maxFileSize, seen, out);
      continue;
    }
    try {
      addFile(path, await lstat(path), cwd, maxFileSize, seen, out);
    } catch (error) {
      out.skipped.push({ ...describe(path, cwd), reason: 'unreadable', detail: (error as NodeJS.ErrnoException).code ?? 'stat failed' });
    }
  }
}

function addFile(path: string, info: { isFile(): boolean; size: number }, cwd: string, maxFileSize: number, seen: Set<string>, out: CollectedFiles): void {
  if (seen.has(path)) return;
  seen.add(path);
  const where = describe(path, cwd);
  if (!info.isFile()) out.skipped.push({ ...where, reason: 'not_a_file' });
  else if (info.size > maxFileSize) out.skipped.push({ ...where, reason: 'too_large', detail: `${info.size} bytes` });
  else out.files.push({ path, ...where, size: info.size });
}

/** Display name and SARIF URI: relative to `cwd` when inside it, else absolute. */
export function describe(path: string, cwd: string): { name: string; uri: string; relative: boolean } {
  const rel = relative(cwd, path);
  if (rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)) {
    const parts = rel.split(sep);
    return { name: parts.join('/'), uri: parts.map(encodeURIComponent).join('/'), relative: true };
  }
  return { name: path, uri: pathToFileURL(path).href, relative: false };
}

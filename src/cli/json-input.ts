import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CliIo } from './cli-io.js';
import { CliUsageError } from './cli-usage-error.js';
import { readStdin } from './read-stdin.js';

/** Largest JSON document a command reads (policies, a request). */
export const MAX_JSON_INPUT_BYTES = 16_000_000;

/**
 * Reads and parses a JSON document from `source`: a path (relative to `io.cwd`) or `-` for
 * standard input. `what` names it in errors ("--policies file"). A syntax error gives the
 * line and column but never quotes the text: the document may hold personal data.
 */
export async function readJsonInput(io: CliIo, source: string, what: string, command: string): Promise<unknown> {
  let text: string;
  if (source === '-') {
    text = new TextDecoder().decode(await readStdin(io, MAX_JSON_INPUT_BYTES, command));
  } else {
    try {
      const bytes = await readFile(resolve(io.cwd, source));
      if (bytes.length > MAX_JSON_INPUT_BYTES) throw new CliUsageError(`The ${what} ${source} is over ${MAX_JSON_INPUT_BYTES} bytes.`, command);
      text = new TextDecoder().decode(bytes);
    } catch (error) {
      if (error instanceof CliUsageError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (code ?? 'read failed');
      throw new CliUsageError(`Cannot read the ${what} ${source}: ${why}.`, command);
    }
  }
  const name = source === '-' ? `standard input (${what})` : `the ${what} ${source}`;
  if (text.trim() === '') throw new CliUsageError(`${capitalize(name)} is empty; it should hold a JSON object.`, command);
  try {
    return JSON.parse(text);
  } catch (error) {
    const position = /at position (\d+)/.exec((error as Error).message);
    const where = position ? ` at ${lineAndColumn(text, Number(position[1]))}` : /end of JSON/.test((error as Error).message) ? ' (it ends too early)' : '';
    throw new CliUsageError(`${capitalize(name)} is not valid JSON${where}.`, command);
  }
}

function lineAndColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

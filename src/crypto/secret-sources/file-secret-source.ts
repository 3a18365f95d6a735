import { readFile, realpath, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { Secret } from '../secret.js';
import type { SecretSource } from './secret-source.js';
import { SecretSourceError } from './secret-source-error.js';

/** Options of {@link fileSecretSource}. */
export interface FileSecretSourceOptions {
  /** The secrets directory: `/run/secrets` (Docker, Compose) or a Kubernetes secret volume. */
  directory: string;
  /** Larger files are refused with `SECRET_MALFORMED`. Default 1 MiB. */
  maxBytes?: number;
}

// One path segment: no separators, no leading dot (so no `..`, and not Kubernetes' `..data`).
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}$/;

function errnoCode(error: unknown): string {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string'
    ? (error as { code: string }).code
    : 'unknown error';
}

/**
 * Secrets from files, one file per secret, named by the secret. The single trailing newline
 * that `echo` and most editors add is removed; everything else is kept as is.
 *
 * Names are one or more `/`-separated segments of letters, digits, `_`, `.` and `-`, none
 * starting with a dot. A name that would leave the directory, including through a symlink
 * pointing outside it, is refused with `SECRET_NAME_INVALID`. Symlinks inside the directory
 * (how Kubernetes mounts secrets) are followed.
 *
 * @example
 * ```ts
 * const source = fileSecretSource({ directory: '/run/secrets' });
 * await source.get('CONNECTOR_ENCRYPTION_KEY'); // contents of /run/secrets/CONNECTOR_ENCRYPTION_KEY
 * await source.get('../etc/passwd');           // throws SecretSourceError SECRET_NAME_INVALID
 * ```
 */
export function fileSecretSource(options: FileSecretSourceOptions): SecretSource {
  const directory = resolve(options.directory);
  const maxBytes = options.maxBytes ?? 1 << 20;
  let realDirectory: Promise<string> | undefined;

  return {
    async get(name: string): Promise<Secret<string> | undefined> {
      if (typeof name !== 'string' || name.length > 1024 || !name.split('/').every((s) => SEGMENT.test(s))) {
        throw new SecretSourceError('SECRET_NAME_INVALID', String(name), 'A file secret name is one or more "/"-separated segments of letters, digits, "_", "." and "-", none starting with ".".');
      }
      realDirectory ??= realpath(directory).catch((error: unknown) => {
        realDirectory = undefined;
        throw new SecretSourceError('SECRET_SOURCE_UNAVAILABLE', name, `The secrets directory ${directory} cannot be opened (${errnoCode(error)}).`);
      });
      const root = await realDirectory;
      let real: string;
      try {
        real = await realpath(join(directory, name));
      } catch (error) {
        if (errnoCode(error) === 'ENOENT') return undefined;
        throw new SecretSourceError('SECRET_SOURCE_UNAVAILABLE', name, `The secret file "${name}" cannot be read (${errnoCode(error)}).`);
      }
      if (!real.startsWith(root + sep)) {
        throw new SecretSourceError('SECRET_NAME_INVALID', name, `The secret file "${name}" resolves to a path outside ${directory}; refusing to read it.`);
      }
      let contents: string;
      try {
        const info = await stat(real);
        if (!info.isFile()) throw new SecretSourceError('SECRET_MALFORMED', name, `The secret "${name}" is not a regular file.`);
        if (info.size > maxBytes) throw new SecretSourceError('SECRET_MALFORMED', name, `The secret file "${name}" is ${info.size} bytes, over the limit of ${maxBytes}.`);
        contents = await readFile(real, 'utf8');
      } catch (error) {
        if (error instanceof SecretSourceError) throw error;
        throw new SecretSourceError('SECRET_SOURCE_UNAVAILABLE', name, `The secret file "${name}" cannot be read (${errnoCode(error)}).`);
      }
      return new Secret(contents.endsWith('\r\n') ? contents.slice(0, -2) : contents.endsWith('\n') ? contents.slice(0, -1) : contents);
    },
  };
}

/** Runs an example as its own Node process, the way a reader would, and returns its output. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ExampleRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runExample(entry: string, timeoutMs = 120_000): Promise<ExampleRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', entry], { cwd: ROOT, timeout: timeoutMs }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

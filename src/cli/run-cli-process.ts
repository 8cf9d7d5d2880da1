import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Test support: runs the real `leaks` command (node bin/leaks.js) as a child process. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LEAKS_BIN = fileURLToPath(new URL('../../bin/leaks.js', import.meta.url));

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export function runLeaks(args: string[], options: { timeoutMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [LEAKS_BIN, ...args],
      { cwd: REPO_ROOT, maxBuffer: 64 << 20, timeout: options.timeoutMs ?? 60_000, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const exitCode = error ? (error as { code?: unknown }).code : 0;
        if (typeof exitCode !== 'number') reject(error ?? new Error('no exit code'));
        else resolve({ exitCode, stdout, stderr });
      },
    );
  });
}

/** The stderr of a failed run, asserted to be exactly one line. */
export function stderrLines(run: CliRun): string[] {
  return run.stderr.split('\n').filter((line) => line !== '');
}

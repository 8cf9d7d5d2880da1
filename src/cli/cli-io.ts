import { writeFile } from 'node:fs/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError, UsageError } from './cli-errors.ts';
import type { ProgressTarget } from './progress.ts';
import { errorMessage } from '../shared/error-message.ts';

/** The streams a command writes to; main passes process.stdout/stderr, so nothing reaches for globals. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & ProgressTarget;
}

/** Writes all of `text` and waits until the stream took it; a closed pipe (`leaks … | head`) is not an error. */
export function writeAll(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => {
      if (!error || (error as NodeJS.ErrnoException).code === 'EPIPE') resolve();
      else reject(error);
    });
  });
}

/** Writes a report file given with --out, as UTF-8. */
export async function writeOutputFile(file: string, text: string): Promise<void> {
  try {
    await writeFile(file, text, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'cannot write: no such directory' : `cannot write: ${code ?? String(error)}`;
    throw new InputError(file, reason);
  }
}

/** node:util parseArgs in strict mode, with its errors turned into usage errors (exit 2, one line). */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  command: string,
) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    // Keep Node's first sentence ("Unknown option '--x'"); the rest is advice about `--` that rarely applies.
    const message = errorMessage(error);
    const firstSentence = message.split(/\.(?:\s|$)/)[0]!.trim();
    throw new UsageError(`${firstSentence} (see leaks ${command} --help)`);
  }
}

import { SnapshotFormatError } from '../core/errors.ts';
import { errorMessage } from '../shared/error-message.ts';

/**
 * How the `leaks` command ends. 0 and 1 are results; 2 means the user has something to fix (arguments or input
 * file), always with ONE line on stderr; 3 is our bug, with a stack trace so it can be reported.
 */
export const EXIT = { ok: 0, leaksFound: 1, badInput: 2, internalError: 3 } as const;

/** Wrong arguments: printed as `leaks: usage: …`. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** An input file that cannot be used: printed as `leaks: <file>: <reason>`. */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

/** Node's file-system error codes, as words a user acts on. */
const FILE_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory, not a heap snapshot file',
  ENOTDIR: 'a part of the path is not a directory',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'file name too long',
};

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Turns a failure while reading `file` into an InputError when it is about the input: a snapshot format error
 * (with its byte offset), a file-system error or corrupt gzip data. Anything else is rethrown as a bug.
 * `decompressed` says the parser's offsets count bytes after gunzip.
 */
export function toInputError(error: unknown, file: string, decompressed: boolean): unknown {
  if (error instanceof InputError) return error;
  if (error instanceof SnapshotFormatError) {
    const where = decompressed
      ? `at byte ${error.offset} of the decompressed data`
      : `at byte ${error.offset}`;
    return new InputError(file, `${error.reason} (${where})`);
  }
  const code = errorCode(error);
  if (code !== undefined && code in FILE_ERRORS) return new InputError(file, FILE_ERRORS[code]!);
  if (code === 'Z_BUF_ERROR') return new InputError(file, 'gzip data is truncated (unexpected end of file)');
  if (code?.startsWith('Z_') || code === 'ERR_ZLIB_INITIALIZATION_FAILED') {
    const message = errorMessage(error);
    return new InputError(file, `corrupt gzip data: ${message}`);
  }
  return error;
}

/** The one stderr line (or, for bugs, the stack) for a failure, and the exit code that goes with it. */
export function describeFailure(error: unknown): { message: string; exitCode: number } {
  if (error instanceof UsageError) {
    return { message: `leaks: usage: ${error.message}\n`, exitCode: EXIT.badInput };
  }
  if (error instanceof InputError) {
    return { message: `leaks: ${oneLine(error.file)}: ${oneLine(error.reason)}\n`, exitCode: EXIT.badInput };
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return {
    message: `leaks: internal error — please report it with the output below\n${detail}\n`,
    exitCode: EXIT.internalError,
  };
}

/** A file name or reason on one line, whatever characters it holds. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, (char) => JSON.stringify(char).slice(1, -1));
}

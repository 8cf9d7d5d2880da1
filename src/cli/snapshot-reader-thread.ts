/**
 * Worker-thread entry: reads the snapshots that come before the last one of a comparison, off the main thread,
 * and answers with their digests (ids, classes, figures: see IdsDigest), whose arrays move back without a copy.
 * The parsed snapshots themselves never leave this thread, which ends right after.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { digestSnapshot, type IdsDigest } from '../core/diff/ids-digest.ts';
import { InputError } from './cli-errors.ts';
import { readSnapshotFile } from './read-snapshot.ts';

/** One file per thread: the thread ends with its file, and so does the memory its parse used. */
export interface ReaderRequest {
  file: string;
  label: string;
  /** Keep each id's class and size (the baseline's digest needs them for the class comparison). */
  classes: boolean;
}

export type ReaderMessage =
  | { kind: 'progress'; label: string; read: number; total: number }
  | { kind: 'digest'; digest: IdsDigest }
  | { kind: 'input-error'; file: string; reason: string }
  | { kind: 'failed'; message: string; stack?: string };

function transferList(digest: IdsDigest): ArrayBuffer[] {
  const arrays = [digest.ids, digest.classes?.classIndex, digest.classes?.selfSize];
  return arrays.flatMap((array) => (array && array.buffer instanceof ArrayBuffer ? [array.buffer] : []));
}

async function run({ file, label, classes }: ReaderRequest): Promise<void> {
  const port = parentPort!;
  const progress = {
    bytes: (label: string, read: number, total: number) =>
      port.postMessage({ kind: 'progress', label, read, total } satisfies ReaderMessage),
    phase: () => {},
    done: () => {},
  };
  try {
    const snapshot = await readSnapshotFile(file, { mode: 'ids', label, progress });
    const digest = digestSnapshot(snapshot, { classes });
    port.postMessage({ kind: 'digest', digest } satisfies ReaderMessage, transferList(digest));
  } catch (error) {
    if (error instanceof InputError)
      port.postMessage({ kind: 'input-error', file: error.file, reason: error.reason });
    else {
      const failure = error instanceof Error ? error : new Error(String(error));
      port.postMessage({ kind: 'failed', message: failure.message, stack: failure.stack });
    }
  }
}

await run(workerData as ReaderRequest);

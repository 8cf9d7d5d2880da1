/**
 * Worker-thread entry: reads one snapshot file in `ids` mode (or any mode) off the main thread and moves the
 * parsed columns back without copying. See read-in-worker.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { snapshotForTransfer } from '../core/snapshot-transfer.ts';
import type { SnapshotMode } from '../core/snapshot.ts';
import { InputError } from './cli-errors.ts';
import { readSnapshotFile } from './read-snapshot.ts';

export interface ReaderRequest {
  files: { file: string; label: string }[];
  mode: SnapshotMode;
}

export type ReaderMessage =
  | { kind: 'progress'; label: string; read: number; total: number }
  | { kind: 'snapshot'; index: number; snapshot: ReturnType<typeof snapshotForTransfer>['message'] }
  | { kind: 'input-error'; file: string; reason: string }
  | { kind: 'failed'; message: string; stack?: string };

async function run(request: ReaderRequest): Promise<void> {
  const port = parentPort!;
  const progress = {
    bytes: (label: string, read: number, total: number) =>
      port.postMessage({ kind: 'progress', label, read, total }),
    phase: () => {},
    done: () => {},
  };
  try {
    for (const [index, { file, label }] of request.files.entries()) {
      const snapshot = await readSnapshotFile(file, { mode: request.mode, label, progress });
      const { message, transfer } = snapshotForTransfer(snapshot);
      port.postMessage({ kind: 'snapshot', index, snapshot: message } satisfies ReaderMessage, transfer);
    }
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

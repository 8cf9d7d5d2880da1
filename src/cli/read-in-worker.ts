import { Worker } from 'node:worker_threads';
import { snapshotFromTransfer } from '../core/snapshot-transfer.ts';
import type { HeapSnapshot, SnapshotMode } from '../core/snapshot.ts';
import { InputError } from './cli-errors.ts';
import type { ProgressReporter } from './progress.ts';
import type { ReaderMessage, ReaderRequest } from './snapshot-reader-thread.ts';

export interface ThreadReadOptions {
  mode: SnapshotMode;
  progress: ProgressReporter;
  /**
   * The reader thread's entry. Default: snapshot-reader-thread.ts beside this file, started through tsx's loader
   * (the repo runs TypeScript directly); bundled callers (the benchmark) pass their own built .mjs.
   */
  entry?: URL;
}

const DEFAULT_ENTRY = new URL('./snapshot-reader-thread.ts', import.meta.url);

/** A TypeScript entry needs tsx's loader registered inside the new thread before it is imported. */
function startWorker(entry: URL, request: ReaderRequest): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData: request });
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData: request });
}

/**
 * Reads snapshot files on a worker thread, one after another, while the caller's thread does other work (the
 * comparison parses the baseline and target there while the main thread parses and analyses the final: two cores,
 * two streams). Resolves with the snapshots in order; rejects with the file's InputError, or with the thread's
 * failure. Every promise settles: the thread's exit without an answer is a failure too.
 */
export function readSnapshotsInWorker(
  files: { file: string; label: string }[],
  options: ThreadReadOptions,
): Promise<HeapSnapshot[]> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(options.entry ?? DEFAULT_ENTRY, { files, mode: options.mode });
    const results: HeapSnapshot[] = [];
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
      void worker.terminate();
    };
    worker.on('message', (message: ReaderMessage) => {
      if (message.kind === 'progress') options.progress.bytes(message.label, message.read, message.total);
      else if (message.kind === 'snapshot') {
        results[message.index] = snapshotFromTransfer(message.snapshot);
        if (results.filter(Boolean).length === files.length) settle(() => resolve(results));
      } else if (message.kind === 'input-error')
        settle(() => reject(new InputError(message.file, message.reason)));
      else {
        const failure = new Error(`snapshot reader thread failed: ${message.message}`);
        if (message.stack) failure.stack = message.stack;
        settle(() => reject(failure));
      }
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) =>
      settle(() => reject(new Error(`snapshot reader thread exited (code ${code}) before it answered`))),
    );
  });
}

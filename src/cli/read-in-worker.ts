import { Worker } from 'node:worker_threads';
import type { IdsDigest } from '../core/diff/ids-digest.ts';
import { InputError } from './cli-errors.ts';
import type { ProgressReporter } from './progress.ts';
import type { ReaderMessage, ReaderRequest } from './snapshot-reader-thread.ts';

export interface ThreadReadOptions {
  progress: ProgressReporter;
  /**
   * The reader thread's entry. Default: snapshot-reader-thread.ts beside this file, started through tsx's loader
   * (the repo runs TypeScript directly); bundled callers (the benchmark) pass their own built .mjs.
   */
  entry?: URL;
}

const DEFAULT_ENTRY = new URL('./snapshot-reader-thread.ts', import.meta.url);

/**
 * Whether the last snapshot's analysis may run while reader threads still hold their parsed snapshots. Overlap is
 * faster (measured: 600 MB set, compare 1.28x one analysis with it, 1.65x without), but the readers' memory then
 * adds to the analysis peak (2 GB set: 3.54 GB with it, 3.30 GB without). Up to 1 GiB time wins; above, memory.
 */
export function mayOverlapReaders(lastFileBytes: number): boolean {
  return lastFileBytes <= 1 << 30;
}

/** A TypeScript entry needs tsx's loader registered inside the new thread before it is imported. */
function startWorker(entry: URL, request: ReaderRequest): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData: request });
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData: request });
}

/**
 * Reads snapshot files on worker threads, one file per thread and one after another, and resolves with their
 * digests (IdsDigest: what a comparison needs of every snapshot but the last), while the caller's thread parses and
 * analyses the last one: two cores, two streams, and only the digests reach the caller's memory. A thread ends as
 * soon as its digest is out, which frees its parsed snapshot at once instead of whenever its GC runs. Rejects with
 * the file's InputError or the thread's failure; every promise settles (a thread's silent exit fails too).
 */
export async function readDigestsInWorker(
  files: ReaderRequest[],
  options: ThreadReadOptions,
): Promise<IdsDigest[]> {
  const digests: IdsDigest[] = [];
  for (const file of files) digests.push(await readDigestInWorker(file, options));
  return digests;
}

function readDigestInWorker(request: ReaderRequest, options: ThreadReadOptions): Promise<IdsDigest> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(options.entry ?? DEFAULT_ENTRY, request);
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
      void worker.terminate();
    };
    worker.on('message', (message: ReaderMessage) => {
      if (message.kind === 'progress') options.progress.bytes(message.label, message.read, message.total);
      else if (message.kind === 'digest') settle(() => resolve(message.digest));
      else if (message.kind === 'input-error')
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

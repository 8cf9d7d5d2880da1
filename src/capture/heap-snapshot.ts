import type { CdpConnection } from '../cdp/connection.ts';
import { collectGarbage } from './gc.ts';

export interface TakeHeapSnapshotOptions {
  /** Chrome's own progress while it walks the heap (`done` of `total` objects), not bytes sent. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** Collect garbage before the snapshot (default true). */
  gc?: boolean;
  /**
   * Gets the receiver ready for chunks while the garbage is collected (`collected` settles when it is): the
   * snapshot is asked for once both are done, and a rejection ends the capture with its error.
   */
  ready?: (collected: Promise<void>) => Promise<unknown>;
}

interface SnapshotChunkEvent {
  chunk: string;
}

interface SnapshotProgressEvent {
  done: number;
  total: number;
  finished?: boolean;
}

/**
 * Takes a heap snapshot over any CdpConnection that has the HeapProfiler domain, handing every chunk to `sink`
 * as it arrives. Chunks are never joined: a 600 MB snapshot does not fit in one V8 string.
 *
 * HeapProfiler.enable is sent every time (it is idempotent); it is never disabled because disabling resets the
 * object ids that make baseline, target and final comparable.
 *
 * Rejects when the connection closes or `signal` aborts before Chrome finished. Chrome keeps walking the heap
 * after an abort (CDP cannot cancel it); we only stop listening.
 */
export async function takeHeapSnapshot(
  conn: CdpConnection,
  sink: (chunk: string) => void,
  options: TakeHeapSnapshotOptions = {},
): Promise<void> {
  const { onProgress, signal, gc = true, ready } = options;
  signal?.throwIfAborted();

  const cleanups: (() => void)[] = [];
  // Set synchronously on interruption, so no chunk reaches the sink after the promise has rejected.
  let stopped = false;
  try {
    const interrupted = new Promise<never>((_, reject) => {
      const stop = (error: Error): void => {
        stopped = true;
        reject(error);
      };
      cleanups.push(
        conn.onClose((reason) => stop(new Error(`Heap snapshot interrupted: connection closed (${reason})`))),
      );
      if (signal) {
        const onAbort = (): void => stop(abortError(signal));
        signal.addEventListener('abort', onAbort, { once: true });
        cleanups.push(() => signal.removeEventListener('abort', onAbort));
      }
    });
    // The race losers must not surface as unhandled rejections after we return.
    interrupted.catch(() => {});

    let sinkError: unknown;
    cleanups.push(
      conn.on('HeapProfiler.addHeapSnapshotChunk', (params) => {
        if (stopped || sinkError !== undefined) return;
        try {
          sink((params as SnapshotChunkEvent).chunk);
        } catch (error) {
          sinkError = error;
        }
      }),
    );
    if (onProgress) {
      cleanups.push(
        conn.on('HeapProfiler.reportHeapSnapshotProgress', (params) => {
          if (stopped) return;
          const { done, total } = params as SnapshotProgressEvent;
          onProgress(done, total);
        }),
      );
    }

    const run = async (): Promise<void> => {
      const collected = (async () => {
        await conn.send('HeapProfiler.enable');
        if (gc) await collectGarbage(conn);
      })();
      // Both settle before either error surfaces, so neither is left unhandled.
      const [garbage, receiver] = await Promise.allSettled([collected, ready?.(collected)]);
      if (receiver.status === 'rejected') throw receiver.reason;
      if (garbage.status === 'rejected') throw garbage.reason;
      signal?.throwIfAborted();
      // Defaults otherwise (no exposeInternals, no numeric values): the node set DevTools users know.
      await conn.send('HeapProfiler.takeHeapSnapshot', { reportProgress: true });
    };
    await Promise.race([run(), interrupted]);
    if (sinkError !== undefined) {
      throw new Error('Heap snapshot sink failed', { cause: sinkError });
    }
  } finally {
    for (const cleanup of cleanups) cleanup();
  }
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  return new Error(`Heap snapshot aborted${reason === undefined ? '' : `: ${String(reason)}`}`);
}

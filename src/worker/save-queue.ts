/**
 * Writes each capture's saved copy after its results, not while its bytes arrive. On 2 cores the page's
 * renderer serializes the snapshot on one core while the worker parses on the other; the OPFS writes (and their
 * periodic flushes) beside the parse slowed Chrome's serializer and the end of the capture: a ~170 MB target's
 * click→results took 8.92–8.98 s without them against 9.22–9.30 s with them (.cache/exp/order.ts, pipe/panel pairs).
 * The bytes are held meanwhile (the chunks themselves, no copy) and written in slices between other messages, so
 * the comparison the panel asks for next is not held up.
 */
import type { SnapshotWriter } from './snapshot-store.ts';

export interface SaveQueue {
  /**
   * Queues `held` for `writer`, then `after` (the index that names the file). Starts once `delayMs` have passed
   * or at `startNow`; `onFailed` when the file could not be written (it is then removed).
   */
  add(
    writer: SnapshotWriter,
    held: Uint8Array[],
    after: () => Promise<void>,
    onFailed: () => void,
    delayMs: number,
  ): void;
  /** Starts every waiting save now (the results they waited for are out). */
  startNow(): void;
  /** Starts every waiting save and settles when all are written: before a file is read, replaced or removed. */
  drained(): Promise<void>;
}

/**
 * The bytes of one capture for its saved copy, held in arrival order. Past `limitBytes` the oldest are written as
 * they come, as before the queue: for the biggest snapshots memory goes before speed (holding all of a 200 MB
 * capture left the panel's process ~230 MB bigger after the results, resident: e2e/support/measure-capture.ts).
 */
export function holdBytes(
  writer: SnapshotWriter,
  limitBytes: number,
): { push(bytes: Uint8Array): void; held: Uint8Array[] } {
  const held: Uint8Array[] = [];
  let heldBytes = 0;
  let firstHeld = 0;
  return {
    held,
    push(bytes) {
      held.push(bytes);
      heldBytes += bytes.length;
      while (heldBytes > limitBytes && firstHeld < held.length) {
        const oldest = held[firstHeld]!;
        held[firstHeld++] = EMPTY;
        writer.write(oldest);
        heldBytes -= oldest.length;
      }
    },
  };
}

export function createSaveQueue(options: { sliceBytes: number }): SaveQueue {
  let tail: Promise<void> = Promise.resolve();
  const waiting = new Set<() => void>();

  const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

  async function write(writer: SnapshotWriter, held: Uint8Array[]): Promise<void> {
    let sinceYield = 0;
    for (let i = 0; i < held.length; i++) {
      const bytes = held[i]!;
      if (bytes.length === 0) continue; // written already (holdBytes)
      held[i] = EMPTY; // written: its memory can go
      writer.write(bytes);
      sinceYield += bytes.length;
      if (sinceYield >= options.sliceBytes) {
        sinceYield = 0;
        await nextTask();
      }
    }
    await writer.close();
  }

  const startNow = (): void => {
    for (const start of [...waiting]) start();
  };

  return {
    add(writer, held, after, onFailed, delayMs) {
      const previous = tail;
      const started = new Promise<void>((resolve) => {
        const start = (): void => {
          waiting.delete(start);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(start, delayMs);
        waiting.add(start);
      });
      tail = (async () => {
        await previous;
        await started;
        try {
          await write(writer, held);
        } catch {
          held.length = 0;
          await writer.abort().catch(() => undefined);
          onFailed();
        }
        await after().catch(() => undefined);
      })();
    },
    startNow,
    drained() {
      startNow();
      return tail;
    },
  };
}

const EMPTY = new Uint8Array(0);

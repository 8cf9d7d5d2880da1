import { describe, expect, it } from 'vitest';
import { createSaveQueue, holdBytes } from './save-queue.ts';
import type { SnapshotWriter } from './snapshot-store.ts';

/** A writer that logs what happens to it, in order, beside whatever else the test logs. */
function loggingWriter(log: string[], failAt = -1): SnapshotWriter {
  let writes = 0;
  return {
    write: (bytes) => {
      if (writes++ === failAt) throw new Error('quota exceeded');
      log.push(`write ${bytes.length}`);
    },
    close: async () => void log.push('close'),
    abort: async () => void log.push('abort'),
  };
}

const chunks = (...sizes: number[]) => sizes.map((size) => new Uint8Array(size));
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the save queue', () => {
  it('writes nothing until startNow, then every chunk in order, closes, and only then runs `after`', async () => {
    const log: string[] = [];
    const queue = createSaveQueue({ sliceBytes: 1 << 20 });
    const held = chunks(3, 5, 7);
    queue.add(
      loggingWriter(log),
      held,
      async () => void log.push('index'),
      () => log.push('failed'),
      60_000,
    );
    await nextTask();
    expect(log).toEqual([]);
    queue.startNow();
    await queue.drained();
    expect(log).toEqual(['write 3', 'write 5', 'write 7', 'close', 'index']);
    expect(held.every((bytes) => bytes.length === 0)).toBe(true);
  });

  it('starts by itself after the delay', async () => {
    const log: string[] = [];
    const queue = createSaveQueue({ sliceBytes: 1 << 20 });
    queue.add(
      loggingWriter(log),
      chunks(1),
      async () => void log.push('index'),
      () => log.push('failed'),
      20,
    );
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(log).toEqual(['write 1', 'close', 'index']);
  });

  it('lets other tasks run between slices', async () => {
    const log: string[] = [];
    const queue = createSaveQueue({ sliceBytes: 10 });
    queue.add(
      loggingWriter(log),
      chunks(6, 6, 6, 6),
      async () => undefined,
      () => undefined,
      60_000,
    );
    queue.startNow();
    setTimeout(() => log.push('another message'), 0);
    await queue.drained();
    expect(log).toEqual(['write 6', 'write 6', 'another message', 'write 6', 'write 6', 'close']);
  });

  it('removes a file it could not write, says so, and still writes the index; later saves go on', async () => {
    const log: string[] = [];
    const queue = createSaveQueue({ sliceBytes: 1 << 20 });
    queue.add(
      loggingWriter(log, 1),
      chunks(2, 4),
      async () => void log.push('index'),
      () => log.push('failed'),
      60_000,
    );
    queue.add(
      loggingWriter(log),
      chunks(9),
      async () => void log.push('index'),
      () => log.push('failed'),
      60_000,
    );
    await queue.drained();
    expect(log).toEqual(['write 2', 'abort', 'failed', 'index', 'write 9', 'close', 'index']);
  });
});

describe('holding bytes for the save', () => {
  it('holds up to its limit, writes the oldest as they come past it, and the save writes the rest in order', async () => {
    const log: string[] = [];
    const writer = loggingWriter(log);
    const hold = holdBytes(writer, 10);
    for (const bytes of chunks(4, 5, 3, 7)) hold.push(bytes);
    // 4+5 fit; +3 is 12: the 4 goes; +7 is 15: the 5 goes, 3+7 fit.
    expect(log).toEqual(['write 4', 'write 5']);
    const queue = createSaveQueue({ sliceBytes: 1 << 20 });
    queue.add(
      writer,
      hold.held,
      async () => undefined,
      () => undefined,
      60_000,
    );
    await queue.drained();
    expect(log).toEqual(['write 4', 'write 5', 'write 3', 'write 7', 'close']);
  });
});

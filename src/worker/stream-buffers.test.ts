import { describe, expect, it, vi } from 'vitest';
import { readBody, STREAM_BUFFER_BYTES, streamBuffers } from './stream-buffers.ts';

/** A body of `total` bytes (each its offset mod 251, so a misplaced byte shows), enqueued in pieces of `sizes`. */
function bodyOf(total: number, sizes: number[], type: 'bytes' | undefined): ReadableStream<Uint8Array> {
  let sent = 0;
  let piece = 0;
  const next = (): Uint8Array<ArrayBuffer> => {
    const length = Math.min(sizes[piece++ % sizes.length]!, total - sent);
    const bytes = new Uint8Array(length);
    for (let k = 0; k < length; k++) bytes[k] = (sent + k) % 251;
    sent += length;
    return bytes;
  };
  return type === 'bytes'
    ? new ReadableStream({
        type: 'bytes',
        pull(controller) {
          if (sent < total) return controller.enqueue(next());
          controller.close();
          controller.byobRequest?.respond(0); // a reader's pending read then ends (done) with its view given back
        },
      })
    : new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent === total) controller.close();
          else controller.enqueue(next());
        },
      });
}

/** Whether `parts` joined are the body's first `length` bytes (compared as one buffer: toEqual on 3 M numbers is
 * slow). */
function isBodyStart(parts: Uint8Array[], length: number): boolean {
  const body = Buffer.from(Uint8Array.from({ length }, (_, k) => k % 251));
  return Buffer.concat(parts).equals(body);
}

describe('readBody', () => {
  const total = 3 * STREAM_BUFFER_BYTES + 12_345;
  // Pieces that straddle the buffers' ends, and one bigger than a buffer.
  const sizes = [300_000, 1_500_000, 7, 65_536];
  // Crossed by a read that ends inside the second buffer (its 65 536-byte piece, at 1 865 543), so the part kept
  // at the stop is not a whole buffer.
  const STOP_AT = 1_850_000;

  for (const type of ['bytes', undefined] as const) {
    it(`parses and keeps every byte in order (${type ?? 'not a byte'} stream)`, async () => {
      const parsed: Uint8Array[] = [];
      const kept: Uint8Array[] = [];
      await readBody(
        bodyOf(total, sizes, type),
        streamBuffers(),
        (bytes) => (parsed.push(bytes.slice()), true),
        (bytes) => kept.push(bytes),
      );
      expect(isBodyStart(parsed, total)).toBe(true);
      expect(isBodyStart(kept, total)).toBe(true);
      if (type === 'bytes') {
        // Whole buffers, the last one cut: what the save writes, a buffer at a time.
        expect(kept.slice(0, -1).every((part) => part.byteLength === STREAM_BUFFER_BYTES)).toBe(true);
        expect(kept.length).toBe(4);
      }
    });

    it(`keeps what was parsed up to the read that wanted no more, at once (${type ?? 'not a byte'} stream)`, async () => {
      const parsedLengths: number[] = [];
      const kept: Uint8Array[] = [];
      let keptWhenStopped = -1;
      let seen = 0;
      await readBody(
        bodyOf(total, sizes, type),
        streamBuffers(),
        (bytes) => {
          parsedLengths.push(bytes.byteLength);
          seen += bytes.byteLength;
          return seen < STOP_AT;
        },
        (bytes) => {
          kept.push(bytes);
          if (seen >= STOP_AT && keptWhenStopped < 0) keptWhenStopped = kept.length;
        },
      );
      expect(isBodyStart(kept, seen)).toBe(true);
      expect(seen).toBeLessThan(total);
      // The last part was kept while the read that stopped it was handled, not when the body ended.
      expect(keptWhenStopped).toBe(kept.length);
    });
  }
});

describe('streamBuffers', () => {
  it('hands out the buffers it prepared before making new ones, and drops the rest on release', async () => {
    const buffers = streamBuffers();
    buffers.prepare(2.5 * STREAM_BUFFER_BYTES);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const first = buffers.take();
    // Prepared buffers were written once (their pages committed): a new one is all zeros.
    expect(new Uint8Array(first)[0]).toBe(1);
    expect(new Uint8Array(buffers.take())[0]).toBe(1);
    expect(new Uint8Array(buffers.take())[0]).toBe(1);
    expect(new Uint8Array(buffers.take())[0]).toBe(0);
    buffers.prepare(STREAM_BUFFER_BYTES * 8, () => expect.unreachable('made after release'));
    buffers.release();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(new Uint8Array(buffers.take())[0]).toBe(0);
  });

  it('says when every buffer asked for is made, over several tasks', async () => {
    const buffers = streamBuffers();
    const made: number[] = [];
    let tasks = 0;
    const counter = setInterval(() => tasks++, 0);
    buffers.prepare(40 * STREAM_BUFFER_BYTES, () => made.push(tasks));
    await vi.waitFor(() => expect(made).toHaveLength(1));
    clearInterval(counter);
    // 16 buffers a task: other tasks ran in between.
    expect(made[0]).toBeGreaterThan(0);
    for (let k = 0; k < 40; k++) expect(new Uint8Array(buffers.take())[0]).toBe(1);
    expect(new Uint8Array(buffers.take())[0]).toBe(0);
  });
});

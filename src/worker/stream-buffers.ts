/**
 * A snapshot stream's bytes read into buffers of our own (a BYOB reader), made and first touched while Chrome
 * still walks the heap. On 2 cores the seconds in which Chrome serializes a snapshot are the busy ones: its
 * renderer on one core, the relay, the browser and this worker on the other. A default reader hands each read a
 * fresh buffer, whose pages the system commits (and zeroes) there, in the worker's time; a fetch of 200 MB from a
 * worker read in 353–396 ms that way against 284–323 ms into 1 MB buffers touched before, which took 137–146 ms
 * to make (.cache/exp/byob.mjs, Chromium 156). The heap walk before the first byte (~4 s for 200 MB) leaves a
 * core idle for that.
 */

/** One buffer's size: big enough that a read rarely stops at its end, small enough to waste little at the last. */
export const STREAM_BUFFER_BYTES = 1 << 20;
/** Buffers made per task while preparing, so the worker answers messages in between. */
const BUFFERS_PER_TASK = 16;

export interface StreamBuffers {
  /**
   * Makes and touches about `bytes` of buffers, a few per task; take() hands them out first. `made` is called once
   * they all are (not after release).
   */
  prepare(bytes: number, made?: () => void): void;
  /** A buffer for the next read: a prepared one while there are, else a new one. */
  take(): ArrayBuffer;
  /** Drops the prepared buffers not taken (the stream ended or was discarded). */
  release(): void;
}

export function streamBuffers(): StreamBuffers {
  let prepared: ArrayBuffer[] = [];
  let wanted = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let taken = 0;
  let whenMade: (() => void) | undefined;
  const makeSome = (): void => {
    timer = undefined;
    for (let k = 0; k < BUFFERS_PER_TASK && prepared.length + taken < wanted; k++) {
      const buffer = new ArrayBuffer(STREAM_BUFFER_BYTES);
      new Uint8Array(buffer).fill(1);
      prepared.push(buffer);
    }
    if (prepared.length + taken < wanted) timer = setTimeout(makeSome, 0);
    else {
      const made = whenMade;
      whenMade = undefined;
      made?.();
    }
  };
  return {
    prepare(bytes, made) {
      wanted = Math.ceil(bytes / STREAM_BUFFER_BYTES);
      whenMade = made;
      if (timer === undefined) timer = setTimeout(makeSome, 0);
    },
    take() {
      taken++;
      return prepared.pop() ?? new ArrayBuffer(STREAM_BUFFER_BYTES);
    },
    release() {
      clearTimeout(timer);
      timer = undefined;
      whenMade = undefined;
      wanted = 0;
      prepared = [];
    },
  };
}

/**
 * Reads `body` to its end. Each read's new bytes go to `parse`, which answers whether it wants more; the bytes it
 * took go to `keep` a whole buffer at a time, and the part of the last one as soon as `parse` wants no more (the
 * closing brace, or an error) or the body ends. Bytes after that are read and dropped. A body that is not a byte
 * stream is read as it comes, each chunk to both.
 */
export async function readBody(
  body: ReadableStream<Uint8Array>,
  buffers: StreamBuffers,
  parse: (bytes: Uint8Array) => boolean,
  keep: (bytes: Uint8Array) => void,
): Promise<void> {
  let reader: ReadableStreamBYOBReader;
  try {
    reader = body.getReader({ mode: 'byob' });
  } catch {
    const plain = body.getReader();
    let wanted = true;
    for (let read = await plain.read(); !read.done; read = await plain.read()) {
      if (!wanted) continue;
      wanted = parse(read.value);
      keep(read.value);
    }
    return;
  }
  let buffer = buffers.take();
  let filled = 0;
  let wanted = true;
  for (;;) {
    // The read takes the buffer over and gives it back in `value`: no view of it made before may be used after.
    const read = await reader.read(new Uint8Array(buffer, filled, buffer.byteLength - filled));
    if (read.value) buffer = read.value.buffer as ArrayBuffer;
    if (read.done) break;
    if (!wanted) continue; // drained into the same bytes, which nothing keeps
    wanted = parse(read.value);
    filled += read.value.byteLength;
    if (!wanted || filled === buffer.byteLength) {
      keep(new Uint8Array(buffer, 0, filled));
      buffer = buffers.take();
      filled = 0;
    }
  }
  if (wanted && filled > 0) keep(new Uint8Array(buffer, 0, filled));
}

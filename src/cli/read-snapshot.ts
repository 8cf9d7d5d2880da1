import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { createSnapshotParser } from '../core/index.ts';
import type { HeapSnapshot, SnapshotMode } from '../core/snapshot.ts';
import { InputError, toInputError } from './cli-errors.ts';
import type { ProgressReporter } from './progress.ts';

/** Read size: Chrome itself sends ~1 MB chunks, and the parser is tuned for chunks of that order. */
const CHUNK_BYTES = 1 << 20;

/** gzip's magic number (RFC 1952): `.heapsnapshot.gz` files are common in bug reports. */
function isGzipHeader(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

async function readHeader(file: string): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const header = new Uint8Array(2);
    const { bytesRead } = await handle.read(header, 0, 2, 0);
    return header.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export interface ReadSnapshotOptions {
  mode: SnapshotMode;
  /** How progress names the file, e.g. its base name. */
  label: string;
  progress: ProgressReporter;
}

/**
 * Parses a .heapsnapshot file as a stream of 1 MiB buffers written into the engine's parser: the file is never
 * held as one string (V8 caps strings at ~512 MiB; snapshots are larger). Gzipped files are gunzipped on the way.
 * Every failure about the input becomes an InputError naming the file and, for format errors, the byte offset.
 */
export async function readSnapshotFile(file: string, options: ReadSnapshotOptions): Promise<HeapSnapshot> {
  let gzip = false;
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw new InputError(file, 'is a directory, not a heap snapshot file');
    if (!info.isFile()) throw new InputError(file, 'not a regular file');
    gzip = isGzipHeader(await readHeader(file));
    const parser = createSnapshotParser({ mode: options.mode, expectedBytes: gzip ? undefined : info.size });
    if (!gzip) {
      await readInto(file, info.size, parser.write, (read) =>
        options.progress.bytes(options.label, read, info.size),
      );
      return parser.end();
    }
    const source = createReadStream(file, { highWaterMark: CHUNK_BYTES });
    const consume = async (chunks: AsyncIterable<Uint8Array>) => {
      for await (const chunk of chunks) {
        parser.write(chunk);
        // Progress counts file bytes (compressed ones for gzip): that is what the user knows the size of.
        options.progress.bytes(options.label, source.bytesRead, info.size);
      }
    };
    await pipeline(source, createGunzip({ chunkSize: CHUNK_BYTES }), consume);
    return parser.end();
  } catch (error) {
    throw toInputError(error, file, gzip);
  }
}

/**
 * Reads a plain file through ONE reused buffer: the parser copies only what it keeps, so a multi-GB file leaves no
 * trail of 1 MiB chunks for the garbage collector (a read stream allocates a fresh buffer per chunk, hundreds of MB
 * of garbage at a time on large files).
 */
async function readInto(
  file: string,
  size: number,
  write: (chunk: Uint8Array) => void,
  onRead: (bytesRead: number) => void,
): Promise<void> {
  const handle = await open(file, 'r');
  try {
    const buffer = new Uint8Array(CHUNK_BYTES);
    let total = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      write(bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead));
      total += bytesRead;
      onRead(total);
    }
    if (total !== size) throw new InputError(file, `changed while being read (${total} of ${size} bytes)`);
  } finally {
    await handle.close();
  }
}

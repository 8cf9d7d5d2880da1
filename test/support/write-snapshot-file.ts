import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { CdpConnection } from '../../src/cdp/connection.ts';
import { takeHeapSnapshot } from '../../src/capture/heap-snapshot.ts';
import type { TakeHeapSnapshotOptions } from '../../src/capture/heap-snapshot.ts';

/**
 * Takes a heap snapshot and streams it to `path` chunk by chunk (never the whole snapshot in memory).
 * Resolves with the bytes written; removes the partial file on failure.
 */
export async function writeSnapshotFile(
  conn: CdpConnection,
  path: string,
  options: TakeHeapSnapshotOptions = {},
): Promise<number> {
  const file = createWriteStream(path);
  let streamError: Error | undefined;
  file.on('error', (error) => (streamError ??= error));
  let bytes = 0;
  try {
    await takeHeapSnapshot(
      conn,
      (chunk) => {
        if (streamError) throw streamError;
        bytes += Buffer.byteLength(chunk);
        file.write(chunk);
      },
      options,
    );
    await new Promise<void>((resolve, reject) => {
      file.end((error?: Error | null) => (error ? reject(error) : resolve()));
    });
    if (streamError) throw streamError;
    return bytes;
  } catch (error) {
    file.destroy();
    await rm(path, { force: true });
    throw error;
  }
}

import { readFileSync, statSync } from 'node:fs';
import { createSnapshotParser, type HeapSnapshot, type SnapshotMode } from '../../src/core/index.ts';

/** Parses a snapshot file the way the CLI does: 1 MiB byte chunks, size known up front. */
export function loadSnapshot(path: string, mode: SnapshotMode = 'full', chunkSize = 1 << 20): HeapSnapshot {
  const bytes = readFileSync(path);
  const parser = createSnapshotParser({ mode, expectedBytes: statSync(path).size });
  for (let at = 0; at < bytes.length; at += chunkSize) parser.write(bytes.subarray(at, at + chunkSize));
  return parser.end();
}

import type { HeapSnapshot } from './snapshot.ts';
import { StringTable } from './strings.ts';

/** A parsed snapshot as plain data: structured-cloneable, its typed arrays transferable between threads. */
export interface TransferableSnapshot extends Omit<HeapSnapshot, 'strings'> {
  stringBytes: Uint8Array;
  stringOffsets: Uint32Array;
  stringCount: number;
}

/**
 * Prepares a snapshot to move to another thread (postMessage with the returned transfer list): every column's
 * buffer moves, nothing is copied, and the sender must not use the snapshot afterwards.
 */
export function snapshotForTransfer(snapshot: HeapSnapshot): {
  message: TransferableSnapshot;
  transfer: ArrayBuffer[];
} {
  const { strings, ...columns } = snapshot;
  const { bytes, offsets, length } = strings.parts();
  const message: TransferableSnapshot = {
    ...columns,
    stringBytes: bytes,
    stringOffsets: offsets,
    stringCount: length,
  };
  const transfer = new Set<ArrayBuffer>();
  for (const value of Object.values(message)) {
    if (ArrayBuffer.isView(value) && value.buffer instanceof ArrayBuffer) transfer.add(value.buffer);
  }
  return { message, transfer: [...transfer] };
}

export function snapshotFromTransfer(message: TransferableSnapshot): HeapSnapshot {
  const { stringBytes, stringOffsets, stringCount, ...columns } = message;
  return { ...columns, strings: new StringTable(stringBytes, stringOffsets, stringCount) };
}

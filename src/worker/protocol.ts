/**
 * The wire protocol between the panel and the analysis worker: types only, plus the version both sides stamp on
 * every message. Bump PROTOCOL_VERSION on any incompatible change; a mismatch is answered with an error, never
 * guessed at. The transport is any endpoint with postMessage/message events (a Worker, a MessagePort).
 */
import type { LeakReport, SnapshotRole } from '../core/report/model.ts';

export const PROTOCOL_VERSION = 3;

export type ReportFormat = 'json' | 'html' | 'md';

/** What the worker knows about one parsed checkpoint; small enough to keep in panel state and IndexedDB. */
export interface CheckpointInfo {
  role: SnapshotRole;
  label: string;
  /** Bytes of snapshot JSON received. */
  bytes: number;
  nodeCount: number;
  edgeCount: number;
  /** Whether the raw snapshot is saved in the origin-private file system (so it survives a panel reload). */
  persisted: boolean;
}

export interface ListenerHint {
  handlerLocation: { scriptId: number; line: number; column: number };
  type: string;
  target?: string;
}

/** Every call the worker answers: method name → argument and result. */
export interface WorkerMethods {
  beginSnapshot: {
    /**
     * `capture`: the bytes come from Chrome's serializer, whose counts the parser may allocate up front.
     * `streamed`: they will come from streamSnapshot, and the older checkpoints' reduction to digests waits for
     * heapWalking (or the first byte).
     */
    args: {
      role: SnapshotRole;
      label: string;
      expectedBytes?: number;
      persist: boolean;
      capture?: boolean;
      streamed?: boolean;
    };
    result: void;
  };
  /** Strings as CDP delivers them (no re-encoding on the panel side); ArrayBuffers from files, transferred. */
  appendChunk: { args: { role: SnapshotRole; chunk: string | ArrayBuffer }; result: { bytesRead: number } };
  /**
   * Reads the snapshot's bytes from an HTTP body (the relay's snapshot stream) instead of appendChunk calls.
   * Resolves once the response has started, so the panel can then ask Chrome for the snapshot; endSnapshot
   * waits for the body to end.
   */
  streamSnapshot: { args: { role: SnapshotRole; url: string }; result: void };
  /**
   * Chrome has begun walking the heap for the snapshot being streamed (its first progress event): its garbage
   * collections, which use both cores, are over, and one core is idle until the first byte. The worker does its
   * work ahead (the older checkpoints' digests, the stream's buffers, the dominator worker's storage) now.
   */
  heapWalking: { args: { role: SnapshotRole }; result: void };
  endSnapshot: { args: { role: SnapshotRole }; result: CheckpointInfo };
  /** Drops a checkpoint (a cancelled or failed capture, or one the user replaces). */
  discardSnapshot: { args: { role: SnapshotRole }; result: void };
  compare: { args: { listenerHints?: ListenerHint[] }; result: LeakReport };
  render: { args: { format: ReportFormat }; result: string };
  /** The saved raw snapshot of a checkpoint (an OPFS file: cloning it does not copy the bytes). */
  savedSnapshot: { args: { role: SnapshotRole }; result: File };
  /** Re-reads checkpoints saved by an earlier panel session; returns what it found. */
  restore: { args: Record<string, never>; result: CheckpointInfo[] };
  /** Forgets every checkpoint and deletes saved snapshots. */
  clear: { args: Record<string, never>; result: void };
}

export type WorkerMethod = keyof WorkerMethods;
export type ArgsOf<M extends WorkerMethod> = WorkerMethods[M]['args'];
export type ResultOf<M extends WorkerMethod> = WorkerMethods[M]['result'];

export type CallMessage = {
  [M in WorkerMethod]: {
    protocolVersion: typeof PROTOCOL_VERSION;
    type: 'call';
    callId: number;
    method: M;
    args: ArgsOf<M>;
  };
}[WorkerMethod];

/** An error as it crosses the boundary; `code` carries SnapshotFormatError codes and the worker's own codes. */
export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  stack?: string;
}

/** Sent unasked while a streamed snapshot arrives (streamSnapshot): its bytes so far, at most every 100 ms. */
export interface ProgressMessage {
  protocolVersion: typeof PROTOCOL_VERSION;
  type: 'progress';
  role: SnapshotRole;
  bytes: number;
}

export type ReplyMessage =
  | { protocolVersion: typeof PROTOCOL_VERSION; type: 'result'; callId: number; result: unknown }
  | { protocolVersion: typeof PROTOCOL_VERSION; type: 'error'; callId: number; error: SerializedError };

/** The part of Worker / MessagePort both sides use. */
export interface MessageEndpoint {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  addEventListener(type: 'error' | 'messageerror' | 'close', listener: (event: Event) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'error' | 'messageerror' | 'close', listener: (event: Event) => void): void;
  /** MessagePort needs start() when listened to with addEventListener. */
  start?(): void;
  /** Worker: kills it. */
  terminate?(): void;
}

/**
 * Moves one heap snapshot into the analysis worker: from a trusted CDP connection (read by the worker itself from
 * the relay's snapshot stream, or chunks forwarded as the strings CDP delivered, no re-encoding) or from a file
 * (streamed, never read into one string; buffers transferred). The worker parses while bytes arrive; endSnapshot
 * waits for the parse and analysis.
 */
import type { CdpConnection } from '../../cdp/connection.ts';
import { takeHeapSnapshot } from '../../capture/heap-snapshot.ts';
import type { SnapshotRole } from '../../core/report/model.ts';
import type { CheckpointInfo } from '../../worker/protocol.ts';
import type { WorkerClient } from '../../worker/worker-client.ts';

/** Parsing and analyzing a big snapshot takes minutes on a slow machine (DESIGN.md §5). */
const END_SNAPSHOT_TIMEOUT_MS = 10 * 60_000;
const PROGRESS_INTERVAL_MS = 100;

export interface CaptureProgress {
  /** Heap objects Chrome has walked (its own progress events), while it walks. */
  done: number;
  total: number;
  /** Snapshot bytes sent to the worker so far. */
  bytes: number;
}

/**
 * A sink for chunks that does not wait for each one: the worker handles messages in order and keeps the first
 * parse error for endSnapshot, so an append's only failure worth waiting for (a dead worker) shows up there too.
 */
function chunkForwarder(worker: WorkerClient, role: SnapshotRole) {
  return (chunk: string | ArrayBuffer): void => {
    const transfer = typeof chunk === 'string' ? [] : [chunk];
    worker.call('appendChunk', { role, chunk }, { transfer }).catch(() => undefined);
  };
}

export async function captureSnapshotToWorker(
  conn: CdpConnection,
  worker: WorkerClient,
  role: SnapshotRole,
  options: {
    label: string;
    signal: AbortSignal;
    onProgress(progress: CaptureProgress): void;
  },
): Promise<CheckpointInfo> {
  const forward = chunkForwarder(worker, role);
  const progress: CaptureProgress = { done: 0, total: 0, bytes: 0 };
  // Chrome reports progress every few thousand objects and a 700 MB snapshot is ~700 chunks: re-render the
  // panel at most every PROGRESS_INTERVAL_MS, not once per event, so its main thread stays free to forward chunks.
  let lastReport = 0;
  const report = (force = false): void => {
    const now = performance.now();
    if (!force && now - lastReport < PROGRESS_INTERVAL_MS) return;
    lastReport = now;
    options.onProgress({ ...progress });
  };
  const stopProgress = worker.onProgress((streamed) => {
    if (streamed.role !== role) return;
    progress.bytes = streamed.bytes;
    report();
  });
  // The worker gets ready while Chrome collects garbage (3 full GCs, ~0.25 s on a 200 MB page), which used to wait
  // for it. Its work ahead (the older checkpoints' digests, 0.2–0.3 s for a 200 MB baseline, and its buffers)
  // waits for the heap walk, which runs on one core: both the GCs before the stream opens and those
  // takeHeapSnapshot begins with use both.
  const streamUrl = conn.snapshotStreamUrl;
  let walking = false;
  const ready = async (collected: Promise<void>): Promise<void> => {
    const streamed = streamUrl !== undefined;
    await worker.call('beginSnapshot', {
      role,
      label: options.label,
      persist: true,
      capture: true,
      streamed,
    });
    if (streamed) {
      await collected;
      // A cancelled capture opens no stream: its discard may already be out, and a stream opened now would take
      // the next capture's place in the worker and at the relay.
      options.signal.throwIfAborted();
      // The bytes go from the relay to the worker, which reports them; chunk events (none come while the stream
      // is open) are still forwarded.
      await worker.call('streamSnapshot', { role, url: streamUrl });
    }
  };
  try {
    await takeHeapSnapshot(
      conn,
      (chunk) => {
        forward(chunk);
        progress.bytes += chunk.length; // characters ≈ bytes: snapshot JSON is ASCII apart from strings
        report();
      },
      {
        signal: options.signal,
        ready,
        onProgress: (done, total) => {
          // Chrome's first progress event: its garbage collections are over and it walks the heap, on one core.
          if (streamUrl !== undefined && !walking) {
            walking = true;
            worker.call('heapWalking', { role }).catch(() => undefined);
          }
          progress.done = done;
          progress.total = total;
          report(done === total);
        },
      },
    );
    report(true);
  } catch (error) {
    stopProgress();
    await worker.call('discardSnapshot', { role }).catch(() => undefined);
    throw error;
  }
  try {
    return await worker.call('endSnapshot', { role }, { timeoutMs: END_SNAPSHOT_TIMEOUT_MS });
  } finally {
    stopProgress();
  }
}

export async function importSnapshotToWorker(
  file: File,
  worker: WorkerClient,
  role: SnapshotRole,
  onProgress: (bytes: number) => void,
): Promise<CheckpointInfo> {
  await worker.call('beginSnapshot', { role, label: file.name, persist: true, expectedBytes: file.size });
  const forward = chunkForwarder(worker, role);
  const reader = file.stream().getReader();
  let bytes = 0;
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      const view = read.value;
      // Transfer whole buffers only; a view into a shared buffer is copied out first.
      const whole = view.byteOffset === 0 && view.byteLength === view.buffer.byteLength;
      forward(whole ? (view.buffer as ArrayBuffer) : view.slice().buffer);
      bytes += view.byteLength;
      onProgress(bytes);
    }
  } catch (error) {
    await worker.call('discardSnapshot', { role }).catch(() => undefined);
    throw error;
  }
  return worker.call('endSnapshot', { role }, { timeoutMs: END_SNAPSHOT_TIMEOUT_MS });
}

/**
 * The panel's actions: record a checkpoint (full snapshot over the trusted connection, else a quick checkpoint
 * over chrome.debugger), import a snapshot file, export the report, clear, restore a saved session. It owns the
 * connections (one trusted WebSocket, one chrome.debugger attach, kept across checkpoints: disabling the heap
 * profiler would reset the object ids that make checkpoints comparable) and moves the store through its phases.
 */
import type { CdpConnection } from '../../cdp/connection.ts';
import type { ListenerHint } from '../../core/index.ts';
import type { LeakReport, SnapshotRole } from '../../core/report/model.ts';
import type { CheckpointInfo, ReportFormat } from '../../worker/protocol.ts';
import type { WorkerClient } from '../../worker/worker-client.ts';
import type { PanelHost } from '../panel-host.ts';
import { errorMessage } from '../../shared/error-message.ts';
import { errorCodeOf, type ErrorCode } from './messages.ts';
import { nextRole, restingPhase, type CheckpointEntry, type PanelStore } from './panel-store.ts';
import { createQuickRecorder } from './quick-recorder.ts';
import { captureSnapshotToWorker, importSnapshotToWorker } from './snapshot-capture.ts';
import { hintsName, readListenerHints, unnamedListenerLocations } from './listener-hints.ts';
import { documentOf, PageNavigatedError } from './page-document.ts';

export interface SessionControllerDeps {
  store: PanelStore;
  worker: WorkerClient;
  host: PanelHost;
  /** Saves a blob as a file (an <a download> in the panel). */
  download(blob: Blob, fileName: string): void;
}

const REPORT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json',
  html: 'text/html',
  md: 'text/markdown',
};

class WorkerDiedError extends Error {
  override readonly name = 'WorkerDiedError';
}

export type SessionController = ReturnType<typeof createSessionController>;

export function createSessionController({ store, worker, host, download }: SessionControllerDeps) {
  let trusted: CdpConnection | undefined;
  let capture: AbortController | undefined;
  // A cancelled snapshot keeps streaming in Chrome (CDP cannot stop it); the next one must not start before its
  // last chunk, or it would receive them. Commands on one session are answered in order, so the answer to a
  // trivial command sent after the cancel marks the end. (Reconnecting instead would reset the object ids.)
  let previousSnapshotDrained: Promise<unknown> = Promise.resolve();
  /** Event types of the page's listeners at the newest full checkpoint (see listener-hints.ts). */
  let listenerHints: ListenerHint[] = [];
  /** Reading them after a report (nameListenerTypes): a capture or an export waits for it, never races it. */
  let listenerNaming: Promise<void> = Promise.resolve();

  const fail = (code: ErrorCode, error: unknown): void => {
    store.setState({ phase: { kind: 'error', code, detail: errorMessage(error) } });
  };

  const addCheckpoint = (entry: CheckpointEntry): void => {
    const checkpoints = store.getState().checkpoints.filter((c) => c.role !== entry.role);
    store.setState({ checkpoints: [...checkpoints, entry] });
  };

  const quick = createQuickRecorder({ store, host, addCheckpoint, fail });

  const snapshotEntry = (info: CheckpointInfo): CheckpointEntry => ({
    role: info.role,
    label: info.label,
    kind: 'snapshot',
    bytes: info.bytes,
    nodeCount: info.nodeCount,
    saved: info.persisted,
  });

  async function refreshReport(): Promise<void> {
    if (store.getState().checkpoints.length < 2) {
      store.setState({ report: null, phase: { kind: 'idle' } });
      return;
    }
    store.setState({ phase: { kind: 'analyzing' } });
    showReport(await worker.call('compare', { listenerHints }, { timeoutMs: 10 * 60_000 }));
    store.setState({ phase: restingPhase(store.getState()) });
  }

  function showReport(report: LeakReport): void {
    const selected = store.getState().selectedLeakId;
    const keepSelection = report.leaks.some((leak) => leak.id === selected);
    store.setState({ report, selectedLeakId: keepSelection ? selected : (report.leaks[0]?.id ?? null) });
  }

  /**
   * Names the event types of the report's listeners once the report is on screen: the inventory walks every
   * element of the page (seconds of page and panel CPU on a large DOM), which would otherwise compete with the
   * analysis the user waits for. Read only when the report has a listener without a type, and the report is
   * compared again only when the inventory names one of them; a report replaced meanwhile (Clear, a new
   * checkpoint) is left alone.
   */
  async function nameListenerTypes(conn: CdpConnection): Promise<void> {
    const shown = store.getState().report;
    if (!shown) return;
    const wanted = unnamedListenerLocations(shown);
    if (wanted.size === 0) return;
    const hints = await readListenerHints(conn);
    if (!hintsName(hints, wanted) || store.getState().report !== shown) return;
    listenerHints = hints;
    const named = await worker.call('compare', { listenerHints }, { timeoutMs: 10 * 60_000 });
    if (store.getState().report === shown) showReport(named);
  }

  async function openTrusted(): Promise<CdpConnection> {
    const source = store.getState().source;
    if (source.kind !== 'trusted') throw new Error('no trusted connection');
    if (trusted) return trusted;
    const conn = await host.connectTrusted(source);
    conn.onClose(() => {
      if (trusted === conn) trusted = undefined;
    });
    return (trusted = conn);
  }

  async function recordSnapshot(role: SnapshotRole, signal: AbortSignal): Promise<void> {
    let conn: CdpConnection;
    try {
      conn = await openTrusted();
    } catch (error) {
      return fail('trusted-connect-failed', error);
    }
    // The page can go away without the socket closing (a crashed renderer keeps its target): CDP says so with
    // Inspector events, and no answer to takeHeapSnapshot would ever come. Treat all three as "the page is gone".
    const pageGone = new AbortController();
    let goneCode: ErrorCode = 'tab-closed';
    const onGone =
      (why: string, code: ErrorCode = 'tab-closed') =>
      () => {
        if (!pageGone.signal.aborted) goneCode = code;
        pageGone.abort(new Error(why));
        if (trusted === conn) trusted = undefined;
      };
    const stopWatching = [
      conn.onClose(onGone('connection closed', 'connection-lost')),
      conn.on('Inspector.targetCrashed', onGone('the page crashed')),
      conn.on('Inspector.detached', onGone('the debugging session was detached')),
    ];
    let documentBefore: string | undefined;
    const navigatedSince = async (): Promise<boolean> => {
      const now = documentBefore === undefined ? undefined : await documentOf(conn);
      return now !== undefined && now !== documentBefore; // unknown (page gone, socket closed) is not a navigation
    };
    try {
      await previousSnapshotDrained;
      await listenerNaming;
      documentBefore = await documentOf(conn);
      const info = await captureSnapshotToWorker(conn, worker, role, {
        // The name "Save snapshot" gives the file, so a CLI report on the saved files carries the same labels.
        label: `${role}.heapsnapshot`,
        signal: AbortSignal.any([signal, pageGone.signal]),
        onProgress: (p) => store.setState({ phase: { kind: 'capturing', role, ...p } }),
      });
      // A navigation that commits mid-stream cuts the snapshot short; one that commits during the analysis
      // leaves a snapshot of a page the user has left. Either way the checkpoint is not the page's.
      if (await navigatedSince()) {
        await worker.call('discardSnapshot', { role }).catch(() => undefined);
        throw new PageNavigatedError();
      }
      // The report names the listeners of the newest snapshot only; an older inventory would name stale ones.
      listenerHints = [];
      addCheckpoint(snapshotEntry(info));
      await refreshReport();
      listenerNaming = nameListenerTypes(conn).catch(() => undefined);
    } catch (error) {
      const navigated =
        error instanceof PageNavigatedError ||
        (!signal.aborted && !pageGone.signal.aborted && (await navigatedSince()));
      if (navigated) {
        fail('tab-closed', new PageNavigatedError());
      } else if (pageGone.signal.aborted) {
        fail(goneCode, pageGone.signal.reason);
        void conn.close().catch(() => undefined);
      } else if (signal.aborted) {
        previousSnapshotDrained = conn.send('Runtime.evaluate', { expression: '0' }).catch(() => undefined);
        // After a worker death, workerDied owns the phase (its message must stay up).
        if (!(signal.reason instanceof WorkerDiedError))
          store.setState({ phase: restingPhase(store.getState()) });
      } else {
        fail(errorCodeOf(error, 'capture-failed'), error);
      }
    } finally {
      for (const stop of stopWatching) stop();
    }
  }

  const usesQuickCheckpoints = (): boolean => store.getState().checkpoints.some((c) => c.kind === 'quick');

  return {
    async detectSource(): Promise<void> {
      const endpoint = await host.findTrustedEndpoint().catch(() => null);
      store.setState({ source: endpoint ? { kind: 'trusted', ...endpoint } : { kind: 'quick' } });
    },

    async record(): Promise<void> {
      const role = nextRole(store.getState());
      if (!role) return;
      const source = store.getState().source;
      if (source.kind === 'trusted' && !usesQuickCheckpoints()) {
        capture = new AbortController();
        store.setState({ phase: { kind: 'capturing', role, done: 0, total: 0, bytes: 0 } });
        await recordSnapshot(role, capture.signal);
        capture = undefined;
      } else {
        await quick.record(role);
      }
    },

    cancel(): void {
      capture?.abort(new Error('cancelled'));
    },

    async importFiles(files: readonly File[]): Promise<void> {
      for (const file of files) {
        const role = nextRole(store.getState());
        if (!role) return;
        if (usesQuickCheckpoints()) return fail('mixed-session', new Error(file.name));
        await listenerNaming;
        store.setState({ phase: { kind: 'capturing', role, done: 0, total: 0, bytes: 0 } });
        try {
          const info = await importSnapshotToWorker(file, worker, role, (bytes) =>
            store.setState({ phase: { kind: 'capturing', role, done: bytes, total: file.size, bytes } }),
          );
          addCheckpoint(snapshotEntry(info));
          await refreshReport();
        } catch (error) {
          return fail(errorCodeOf(error, 'invalid-snapshot'), error);
        }
      }
    },

    async exportReport(format: ReportFormat): Promise<void> {
      try {
        await listenerNaming;
        const text = await worker.call('render', { format });
        const stamp = new Date().toISOString().replace(/[:.]/g, '-');
        download(new Blob([text], { type: REPORT_TYPES[format] }), `leaks-report-${stamp}.${format}`);
      } catch (error) {
        fail(errorCodeOf(error, 'export-failed'), error);
      }
    },

    async saveSnapshot(role: SnapshotRole): Promise<void> {
      try {
        const file = await worker.call('savedSnapshot', { role });
        download(file, `${role}.heapsnapshot`);
      } catch (error) {
        fail(errorCodeOf(error, 'export-failed'), error);
      }
    },

    async clear(): Promise<void> {
      capture?.abort(new Error('cleared'));
      listenerHints = [];
      await quick.close();
      store.setState({ checkpoints: [], report: null, quickCheckpoints: [], quickComparison: null });
      store.setState({ selectedLeakId: null, phase: { kind: 'idle' } });
      await worker.call('clear', {}).catch((error: unknown) => fail(errorCodeOf(error, 'internal'), error));
    },

    async restore(): Promise<void> {
      store.setState({ phase: { kind: 'analyzing' } });
      try {
        const restored = await worker.call('restore', {}, { timeoutMs: 10 * 60_000 });
        for (const info of restored) addCheckpoint(snapshotEntry(info));
        await refreshReport();
      } catch (error) {
        fail(errorCodeOf(error, 'restore-failed'), error);
      }
    },

    /**
     * A dead worker took its parsed checkpoints with it, but their bytes are in OPFS: the next call starts a
     * fresh worker, which re-parses them. The message stays up after the reload so the user knows why.
     */
    async workerDied(reason: string): Promise<void> {
      capture?.abort(new WorkerDiedError(reason));
      const quickOnly = store.getState().checkpoints.filter((c) => c.kind === 'quick');
      store.setState({ checkpoints: quickOnly, report: null, phase: { kind: 'analyzing' } });
      if (quickOnly.length === 0) {
        const restored = await worker.call('restore', {}, { timeoutMs: 10 * 60_000 }).catch(() => []);
        for (const info of restored) addCheckpoint(snapshotEntry(info));
        await refreshReport().catch(() => undefined);
      }
      fail('worker-died', new Error(reason));
    },

    dispose(): void {
      void trusted?.close();
      void quick.close();
    },
  };
}

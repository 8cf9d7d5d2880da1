/**
 * Quick mode: checkpoints over chrome.debugger when no trusted connection exists (DESIGN.md §1). One attach for
 * the whole session (the "started debugging" infobar appears once, on the user's first click); the comparison is
 * the other engineer's pure compareQuickCheckpoints, redone after each checkpoint.
 */
import type { CdpConnection } from '../../cdp/connection.ts';
import { compareQuickCheckpoints } from '../../capture/quick-compare.ts';
import { takeQuickCheckpoint } from '../../capture/quick-checkpoint.ts';
import type { SnapshotRole } from '../../core/report/model.ts';
import type { PanelHost } from '../panel-host.ts';
import type { ErrorCode } from './messages.ts';
import { restingPhase, type CheckpointEntry, type PanelStore } from './panel-store.ts';

export interface QuickRecorderDeps {
  store: PanelStore;
  host: Pick<PanelHost, 'attachDebugger'>;
  addCheckpoint(entry: CheckpointEntry): void;
  fail(code: ErrorCode, error: unknown): void;
}

export interface QuickRecorder {
  record(role: SnapshotRole): Promise<void>;
  /** Detaches chrome.debugger (removes Chrome's infobar). */
  close(): Promise<void>;
}

export function createQuickRecorder({ store, host, addCheckpoint, fail }: QuickRecorderDeps): QuickRecorder {
  let attached: CdpConnection | undefined;
  /** Why the last connection ended: 'target_closed' means the tab went away, anything else a detach. */
  let lastCloseReason = '';

  async function connection(): Promise<CdpConnection> {
    if (attached) return attached;
    const conn = await host.attachDebugger();
    // Detached by the user (infobar Cancel), a closed tab, or another debugger: attach again next time.
    conn.onClose((reason) => {
      if (attached !== conn) return; // our own detach (Clear, panel closing)
      attached = undefined;
      lastCloseReason = reason;
      // The user pressed Cancel on Chrome's "started debugging" infobar: say so, or the next click's new
      // infobar would come as a surprise. A capture in flight reports its own failure.
      if (reason === 'canceled_by_user' && store.getState().phase.kind !== 'capturing')
        fail('debugger-detached', new Error(reason));
    });
    return (attached = conn);
  }

  return {
    async record(role) {
      let conn: CdpConnection;
      try {
        conn = await connection();
      } catch (error) {
        return fail('debugger-attach-failed', error);
      }
      store.setState({ phase: { kind: 'capturing', role, done: 0, total: 0, bytes: 0 } });
      try {
        const checkpoint = await takeQuickCheckpoint(conn, { label: role });
        const quickCheckpoints = [...store.getState().quickCheckpoints, checkpoint];
        const nodeCount = checkpoint.counters.nodes;
        addCheckpoint({ role, label: role, kind: 'quick', bytes: 0, nodeCount, saved: false });
        const [baseline, target, final] = quickCheckpoints;
        // With two checkpoints the second is both target and final, as in `leaks compare a b`.
        const quickComparison =
          baseline && target
            ? compareQuickCheckpoints(final ? { baseline, target, final } : { baseline, final: target })
            : null;
        store.setState({ quickCheckpoints, quickComparison });
        store.setState({ phase: restingPhase(store.getState()) });
      } catch (error) {
        if (attached === conn) fail('capture-failed', error);
        else fail(lastCloseReason === 'target_closed' ? 'tab-closed' : 'debugger-detached', error);
      }
    },
    async close() {
      const conn = attached;
      attached = undefined;
      await conn?.close().catch(() => undefined);
    },
  };
}

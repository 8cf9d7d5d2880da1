/**
 * The panel's state: a framework-free zustand store (React binds to it in panel-context.tsx). What the panel is
 * doing is one discriminated union, `phase`; what it has (checkpoints, results) lives beside it, so an error
 * never loses earlier checkpoints.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { QuickCheckpoint, QuickComparison } from '../../capture/quick-model.ts';
import type { LeakReport, SnapshotRole } from '../../core/report/model.ts';
import type { ErrorCode } from './messages.ts';

export type Phase =
  | { kind: 'idle' }
  | { kind: 'capturing'; role: SnapshotRole; done: number; total: number; bytes: number }
  | { kind: 'analyzing'; role?: SnapshotRole }
  | { kind: 'ready' }
  | { kind: 'error'; code: ErrorCode; detail: string };

export type CaptureSource =
  | { kind: 'detecting' }
  | { kind: 'trusted'; port: number; wsUrl: string; relay: boolean }
  | { kind: 'quick' };

export interface CheckpointEntry {
  role: SnapshotRole;
  label: string;
  /** Full heap snapshot (captured or imported) or a quick-mode checkpoint over chrome.debugger. */
  kind: 'snapshot' | 'quick';
  /** Snapshot bytes; 0 for quick checkpoints. */
  bytes: number;
  nodeCount: number;
  /** Whether the raw snapshot is saved (OPFS) and can be downloaded or restored. */
  saved: boolean;
}

export type ResultTab = 'leaks' | 'listeners' | 'classes';

export interface PanelState {
  phase: Phase;
  source: CaptureSource;
  theme: 'light' | 'dark';
  checkpoints: CheckpointEntry[];
  /** Heap-snapshot comparison, once two snapshot checkpoints exist. */
  report: LeakReport | null;
  quickCheckpoints: QuickCheckpoint[];
  quickComparison: QuickComparison | null;
  selectedLeakId: string | null;
  activeTab: ResultTab;
}

export type PanelStore = StoreApi<PanelState>;

export const ROLE_ORDER: readonly SnapshotRole[] = ['baseline', 'target', 'final'];

export function createPanelStore(theme: PanelState['theme']): PanelStore {
  return createStore<PanelState>()(() => ({
    phase: { kind: 'idle' },
    source: { kind: 'detecting' },
    theme,
    checkpoints: [],
    report: null,
    quickCheckpoints: [],
    quickComparison: null,
    selectedLeakId: null,
    activeTab: 'leaks',
  }));
}

/** The role the next Record button records, or undefined once baseline, target and final exist. */
export function nextRole(state: Pick<PanelState, 'checkpoints'>): SnapshotRole | undefined {
  return ROLE_ORDER[state.checkpoints.length];
}

export function isBusy(phase: Phase): boolean {
  return phase.kind === 'capturing' || phase.kind === 'analyzing';
}

/** The phase to settle in after work finished: results shown, or waiting for the next checkpoint. */
export function restingPhase(state: Pick<PanelState, 'report' | 'quickComparison'>): Phase {
  return state.report || state.quickComparison ? { kind: 'ready' } : { kind: 'idle' };
}

import { useRef, useState } from 'react';
import type { SnapshotRole } from '../../core/report/model.ts';
import type { ReportFormat } from '../../worker/protocol.ts';
import { usePanelServices, usePanelState } from '../panel-context.tsx';
import { isBusy, nextRole, ROLE_ORDER } from '../state/panel-store.ts';

const FORMAT_LABELS: Record<ReportFormat, string> = { json: 'JSON', html: 'HTML', md: 'Markdown' };

/** Record buttons enable in turn (baseline → target → final); each shows busy while its capture runs. */
export function Toolbar() {
  const { controller } = usePanelServices();
  const phase = usePanelState((s) => s.phase);
  const next = usePanelState(nextRole);
  const checkpoints = usePanelState((s) => s.checkpoints);
  const recorded = new Set(checkpoints.map((c) => c.role));
  const canExport = usePanelState((s) => s.report !== null);
  const [format, setFormat] = useState<ReportFormat>('json');
  const fileInput = useRef<HTMLInputElement>(null);
  const busy = isBusy(phase);
  const capturingRole = phase.kind === 'capturing' ? phase.role : undefined;

  const recordButton = (role: SnapshotRole) => (
    <button
      key={role}
      type="button"
      className="record"
      data-state={recorded.has(role) ? 'done' : capturingRole === role ? 'busy' : 'pending'}
      aria-busy={capturingRole === role}
      disabled={busy || role !== next}
      onClick={() => void controller.record()}
    >
      {`Record ${role}`}
    </button>
  );

  return (
    <div className="toolbar" role="toolbar" aria-label="Leaks">
      {ROLE_ORDER.map(recordButton)}
      {phase.kind === 'capturing' && (
        <button type="button" onClick={() => controller.cancel()}>
          Cancel
        </button>
      )}
      <span className="separator" />
      <label className="format">
        <span className="visually-hidden">Report format</span>
        <select value={format} onChange={(e) => setFormat(e.target.value as ReportFormat)}>
          {Object.entries(FORMAT_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        disabled={!canExport || busy}
        onClick={() => void controller.exportReport(format)}
      >
        Export report
      </button>
      <button type="button" disabled={busy || next === undefined} onClick={() => fileInput.current?.click()}>
        Import snapshot
      </button>
      <input
        ref={fileInput}
        type="file"
        accept=".heapsnapshot,application/json"
        multiple
        hidden
        aria-label="Snapshot file"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          void controller.importFiles(files);
        }}
      />
      <button type="button" onClick={() => void controller.clear()}>
        Clear
      </button>
    </div>
  );
}

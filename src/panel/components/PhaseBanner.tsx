import { formatBytes } from '../../core/report/format.ts';
import { usePanelState } from '../panel-context.tsx';
import { ERROR_MESSAGES } from '../state/messages.ts';

/** Progress while capturing or analyzing; the error message (from the one table) when something failed. */
export function PhaseBanner() {
  const phase = usePanelState((s) => s.phase);
  switch (phase.kind) {
    case 'capturing': {
      const fraction = phase.total > 0 ? phase.done / phase.total : undefined;
      const label = `Recording ${phase.role}`;
      return (
        <div className="banner">
          <label>
            {label}
            {phase.bytes > 0 ? ` · ${formatBytes(phase.bytes)} received` : '…'}
            <progress aria-label={label} max={1} value={fraction} />
          </label>
        </div>
      );
    }
    case 'analyzing':
      return (
        <div className="banner" role="status">
          Analyzing{phase.role ? ` ${phase.role}` : ''}…
        </div>
      );
    case 'error':
      return (
        <div className="banner error" role="alert">
          <strong>{ERROR_MESSAGES[phase.code]}</strong>
          <details>
            <summary>Details</summary>
            <code>{phase.detail}</code>
          </details>
        </div>
      );
    case 'idle':
    case 'ready':
      return null;
  }
}

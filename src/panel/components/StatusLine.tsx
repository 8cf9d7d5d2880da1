import { formatBytes, formatCount } from '../../core/report/format.ts';
import { usePanelServices, usePanelState } from '../panel-context.tsx';

/** Which capture source is available, and how to get full snapshots when it is only quick mode. */
export function StatusLine() {
  const { host } = usePanelServices();
  const source = usePanelState((s) => s.source);
  let text: string;
  let hint: string | undefined;
  if (source.kind === 'trusted') {
    text = source.relay
      ? `Full heap snapshots (Leaks relay on port ${source.port})`
      : `Full heap snapshots (trusted connection on port ${source.port})`;
  } else if (source.kind === 'quick') {
    text = 'Quick mode (chrome.debugger): counters, detached DOM trees and listeners, no heap snapshots.';
    hint =
      'For full snapshots start the browser with `npx leaks browser <url>`, or start Chrome with ' +
      `--remote-debugging-port=9222 --remote-allow-origins=chrome-extension://${host.extensionId} ` +
      'and a separate --user-data-dir, then reopen DevTools.';
  } else {
    text = 'Looking for a trusted debugging connection…';
  }
  return (
    <div className="status" role="status" aria-live="polite">
      <span className={`source source-${source.kind}`}>{text}</span>
      {hint && <span className="hint">{hint}</span>}
    </div>
  );
}

/** The recorded checkpoints, with a download button for each saved snapshot. */
export function CheckpointList() {
  const { controller } = usePanelServices();
  const checkpoints = usePanelState((s) => s.checkpoints);
  if (checkpoints.length === 0) return null;
  return (
    <ul className="checkpoints" aria-label="Checkpoints">
      {checkpoints.map((c) => (
        <li key={c.role}>
          <strong>{c.role}</strong>{' '}
          {c.kind === 'snapshot'
            ? `${c.label} · ${formatBytes(c.bytes)} · ${formatCount(c.nodeCount)} nodes`
            : `quick · ${formatCount(c.nodeCount)} DOM nodes`}
          {c.saved && (
            <button type="button" className="link" onClick={() => void controller.saveSnapshot(c.role)}>
              {`Save ${c.role} snapshot`}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

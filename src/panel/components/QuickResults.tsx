import type { QuickComparison } from '../../capture/quick-model.ts';
import { formatBytes, formatCountDelta, formatLocationFile } from '../../core/report/format.ts';

const COUNTER_LABELS: Record<string, string> = {
  jsEventListeners: 'JS event listeners',
  nodes: 'DOM nodes',
  documents: 'Documents',
  jsHeapUsedSize: 'JS heap used',
  jsHeapTotalSize: 'JS heap total',
};

/** Quick-mode results: counters, detached trees that stayed, listeners that piled up. No retainer chains. */
export function QuickResults({ comparison }: { comparison: QuickComparison }) {
  const isBytes = (name: string) => name.endsWith('Size');
  return (
    <section className="quick" aria-label="Quick comparison">
      <p className={comparison.leakSuspected ? 'verdict alert' : 'verdict'}>
        {comparison.leakSuspected
          ? 'Leak suspected: detached DOM stayed alive or listeners piled up.'
          : 'No detached DOM stayed alive and no listeners piled up.'}
      </p>
      <table aria-label="Counters">
        <thead>
          <tr>
            <th scope="col">Counter</th>
            <th scope="col" className="num">
              Baseline
            </th>
            <th scope="col" className="num">
              Target
            </th>
            <th scope="col" className="num">
              Final
            </th>
            <th scope="col" className="num">
              Delta
            </th>
          </tr>
        </thead>
        <tbody>
          {comparison.counters.map((c) => (
            <tr key={c.name}>
              <td>{COUNTER_LABELS[c.name] ?? c.name}</td>
              <td className="num">{isBytes(c.name) ? formatBytes(c.baseline) : c.baseline}</td>
              <td className="num">
                {c.target === undefined ? '—' : isBytes(c.name) ? formatBytes(c.target) : c.target}
              </td>
              <td className="num">{isBytes(c.name) ? formatBytes(c.final) : c.final}</td>
              <td className="num">{isBytes(c.name) ? formatBytes(c.delta) : formatCountDelta(c.delta)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Detached DOM trees still alive</h3>
      {comparison.detachedTrees.length === 0 ? (
        <p className="empty">None.</p>
      ) : (
        <ul aria-label="Detached trees">
          {comparison.detachedTrees.map((tree) => (
            <li key={tree.root}>
              <code>Detached {tree.root}</code> × {tree.trees} ({tree.elements} elements)
              {tree.retainedBy.length > 0 && ` — referenced from JS: ${tree.retainedBy.join(', ')}`}
            </li>
          ))}
        </ul>
      )}
      <h3>Listeners that piled up</h3>
      {comparison.listenerPileUps.length === 0 ? (
        <p className="empty">None.</p>
      ) : (
        <ul aria-label="Listener pile-ups">
          {comparison.listenerPileUps.map((l, index) => (
            <li key={index}>
              <code>{`'${l.type}'`}</code> on {l.target}: {l.handlerName} ({formatLocationFile(l.location)}){' '}
              {l.baselineCount} → {l.finalCount} ({formatCountDelta(l.delta)})
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

import type { LeakCluster } from '../../core/report/model.ts';
import { formatBytes, formatCount } from '../../core/report/format.ts';
import { usePanelServices, usePanelState } from '../panel-context.tsx';
import { ChainView } from './ChainView.tsx';

/** Leak clusters, largest first; the selected one's retainer chain below the list. */
export function LeakList({ leaks }: { leaks: LeakCluster[] }) {
  const { store } = usePanelServices();
  const selectedId = usePanelState((s) => s.selectedLeakId);
  if (leaks.length === 0) {
    return <p className="empty">No leaks: nothing allocated after the baseline is still alive at the end.</p>;
  }
  const selected = leaks.find((leak) => leak.id === selectedId) ?? leaks[0]!;
  return (
    <div className="leaks">
      <ul className="leak-list" aria-label="Leak clusters">
        {leaks.map((leak) => (
          <li key={leak.id}>
            <button
              type="button"
              className="leak"
              aria-pressed={leak.id === selected.id}
              onClick={() => store.setState({ selectedLeakId: leak.id })}
            >
              <span className={`kind kind-${leak.kind}`}>{leak.kind}</span>
              <span className="leak-title">{leak.title}</span>
              <span className="leak-stats">
                {formatCount(leak.count)} objects
                {leak.detachedElements > 0
                  ? ` · ${formatCount(leak.detachedElements)} detached elements`
                  : ''}{' '}
                · {formatBytes(leak.retainedSize)} retained
              </span>
            </button>
          </li>
        ))}
      </ul>
      <ChainView leak={selected} />
    </div>
  );
}

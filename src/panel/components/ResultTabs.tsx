import { useRef, type KeyboardEvent } from 'react';
import type { LeakReport } from '../../core/report/model.ts';
import { usePanelServices, usePanelState } from '../panel-context.tsx';
import type { ResultTab } from '../state/panel-store.ts';
import { ClassTable } from './ClassTable.tsx';
import { LeakList } from './LeakList.tsx';
import { ListenersTable } from './ListenersTable.tsx';

const TABS: { id: ResultTab; label: string }[] = [
  { id: 'leaks', label: 'Leaks' },
  { id: 'listeners', label: 'Listeners' },
  { id: 'classes', label: 'Classes' },
];

/** WAI-ARIA tabs: arrow keys, Home and End move between tabs; only the selected tab is in the tab order. */
export function ResultTabs({ report }: { report: LeakReport }) {
  const { store } = usePanelServices();
  const active = usePanelState((s) => s.activeTab);
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);

  const select = (index: number) => {
    const tab = TABS[(index + TABS.length) % TABS.length]!;
    store.setState({ activeTab: tab.id });
    tabRefs.current[TABS.indexOf(tab)]?.focus();
  };
  const onKeyDown = (event: KeyboardEvent, index: number) => {
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: -1 };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    select(target);
  };

  return (
    <section className="results">
      <div role="tablist" aria-label="Results">
        {TABS.map((tab, index) => (
          <button
            key={tab.id}
            ref={(el) => {
              tabRefs.current[index] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${tab.id}`}
            aria-selected={active === tab.id}
            aria-controls={`tabpanel-${tab.id}`}
            tabIndex={active === tab.id ? 0 : -1}
            onClick={() => select(index)}
            onKeyDown={(e) => onKeyDown(e, index)}
          >
            {tab.label}
            {tab.id === 'leaks' ? ` (${report.leaks.length})` : ''}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`tabpanel-${active}`} aria-labelledby={`tab-${active}`} className="tabpanel">
        {active === 'leaks' && <LeakList leaks={report.leaks} />}
        {active === 'listeners' && <ListenersTable listeners={report.listeners} />}
        {active === 'classes' && <ClassTable classes={report.classes} />}
      </div>
    </section>
  );
}

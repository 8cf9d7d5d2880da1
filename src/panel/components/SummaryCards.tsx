import type { ReportSummary } from '../../core/report/model.ts';
import { formatBytesDelta, formatCount, formatCountDelta } from '../../core/report/format.ts';

export function SummaryCards({ summary }: { summary: ReportSummary }) {
  const cards = [
    { label: 'Leak clusters', value: formatCount(summary.leakClusters), alert: summary.leakClusters > 0 },
    {
      label: 'Leaked detached elements',
      value: formatCount(summary.leakedDetachedElements),
      alert: summary.leakedDetachedElements > 0,
    },
    {
      label: 'Listener delta',
      value: formatCountDelta(summary.listenerDelta),
      alert: summary.listenerDelta > 0,
    },
    { label: 'Heap delta', value: formatBytesDelta(summary.heapDelta), alert: false },
  ];
  return (
    <section className="cards" aria-label="Summary">
      {cards.map((card) => (
        <div
          key={card.label}
          className={card.alert ? 'card alert' : 'card'}
          role="group"
          aria-label={card.label}
        >
          <div className="card-value">{card.value}</div>
          <div className="card-label">{card.label}</div>
        </div>
      ))}
    </section>
  );
}

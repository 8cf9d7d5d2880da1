import type { ListenerReport } from '../../core/report/model.ts';
import { formatCountDelta, formatLocationFile } from '../../core/report/format.ts';

/** Listener counts per checkpoint and the listeners added after the baseline that are still alive. */
export function ListenersTable({ listeners }: { listeners: ListenerReport }) {
  return (
    <div className="listeners">
      <p>
        JS event listeners: {listeners.counts.map((c) => `${c.role} ${c.count}`).join(' → ')} (delta{' '}
        <strong>{formatCountDelta(listeners.delta)}</strong>)
      </p>
      {listeners.added.length === 0 ? (
        <p className="empty">No listener added after the baseline is still registered.</p>
      ) : (
        <table aria-label="Added listeners">
          <thead>
            <tr>
              <th scope="col">Target</th>
              <th scope="col">Type</th>
              <th scope="col">Handler</th>
              <th scope="col">Location</th>
              <th scope="col" className="num">
                Count
              </th>
            </tr>
          </thead>
          <tbody>
            {listeners.added.map((listener, index) => (
              <tr key={index}>
                <td>{listener.target}</td>
                <td>{listener.type ?? '—'}</td>
                <td>{listener.handler}</td>
                <td>{listener.location ? formatLocationFile(listener.location) : '—'}</td>
                <td className="num">{listener.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

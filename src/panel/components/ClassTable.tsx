import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { ClassDelta } from '../../core/report/model.ts';
import { formatBytesDelta, formatCount, formatCountDelta } from '../../core/report/format.ts';

const ROW_HEIGHT = 24;
const COLUMNS = ['Class', '# New', '# Deleted', '# Delta', 'Alloc. size', 'Freed size', 'Size delta'];

/**
 * The class comparison (DevTools' Comparison view): thousands of rows, so only the visible ones are rendered
 * (@tanstack/react-virtual). ARIA grid roles keep it a table for screen readers despite the absolute layout.
 */
export function ClassTable({ classes }: { classes: ClassDelta[] }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: classes.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  return (
    <div
      className="class-table"
      role="table"
      aria-label="Class comparison"
      aria-rowcount={classes.length + 1}
    >
      <div className="class-row header" role="row">
        {COLUMNS.map((column) => (
          <span key={column} role="columnheader">
            {column}
          </span>
        ))}
      </div>
      <div ref={scroller} className="class-scroller" tabIndex={0} aria-label="Class rows">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = classes[item.index]!;
            return (
              <div
                key={item.key}
                className="class-row"
                role="row"
                aria-rowindex={item.index + 2}
                style={{
                  position: 'absolute',
                  top: 0,
                  transform: `translateY(${item.start}px)`,
                  height: ROW_HEIGHT,
                }}
              >
                <span role="cell" title={row.className}>
                  {row.className}
                </span>
                <span role="cell">{formatCount(row.newCount)}</span>
                <span role="cell">{formatCount(row.deletedCount)}</span>
                <span role="cell">{formatCountDelta(row.deltaCount)}</span>
                <span role="cell">{formatCount(row.allocSize)}</span>
                <span role="cell">{formatCount(row.freedSize)}</span>
                <span role="cell">{formatBytesDelta(row.deltaSize)}</span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

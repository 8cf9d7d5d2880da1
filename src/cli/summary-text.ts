import { formatBytes, formatCount, truncate } from '../core/report/format.ts';
import type { SnapshotSummaryReport } from '../core/report/summary-model.ts';

/**
 * `leaks summary` for people: aligned plain-text tables. Heap strings are shortened and stripped of control
 * characters, so a hostile name cannot move the cursor or recolour the terminal.
 */

const MAX_NAME = 60;

function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return truncate(text, MAX_NAME).replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '�');
}

type Align = 'left' | 'right';

/** Columns padded to their widest cell; `align` per column. */
export function textTable(headers: string[], rows: string[][], align: Align[]): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        align[column] === 'right' ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!),
      )
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((width) => '─'.repeat(width))), ...rows.map(line)].join('\n');
}

export function renderSummaryText(summary: SnapshotSummaryReport): string {
  const overview = textTable(
    ['', ''],
    [
      ['Nodes', formatCount(summary.nodeCount)],
      ['Edges', formatCount(summary.edgeCount)],
      ['Total size', formatBytes(summary.totalSize)],
      ['JS event listeners', formatCount(summary.jsEventListeners)],
      ['Detached elements', formatCount(summary.detachedElements)],
      ['Detached trees', formatCount(summary.detachedTrees.length)],
    ],
    ['left', 'right'],
  )
    .split('\n')
    .slice(2)
    .join('\n');
  const trees =
    summary.detachedTrees.length === 0
      ? 'none'
      : textTable(
          ['Detached tree', 'Elements', 'Retained', 'Id'],
          summary.detachedTrees.map((tree) => [
            clean(tree.description),
            formatCount(tree.elementCount),
            formatBytes(tree.retainedSize),
            `@${tree.nodeId}`,
          ]),
          ['left', 'right', 'right', 'right'],
        );
  const retainers = textTable(
    ['Retainer', 'Class', 'Type', 'Self', 'Retained', 'Distance', 'Id'],
    summary.topRetainers.map((node) => [
      clean(node.name),
      clean(node.className),
      node.nodeType,
      formatBytes(node.selfSize),
      formatBytes(node.retainedSize),
      String(node.distance),
      `@${node.nodeId}`,
    ]),
    ['left', 'left', 'left', 'right', 'right', 'right', 'right'],
  );
  const classes = textTable(
    ['Class', 'Count', 'Self', 'Retained'],
    summary.topClasses.map((entry) => [
      clean(entry.className),
      formatCount(entry.count),
      formatBytes(entry.selfSize),
      formatBytes(entry.retainedSize),
    ]),
    ['left', 'right', 'right', 'right'],
  );
  const timings = Object.entries(summary.timings)
    .map(([phase, ms]) => `${phase} ${ms.toFixed(1)} ms`)
    .join(', ');
  return `${clean(summary.label)}

${overview}

Detached trees
${trees}

Top retainers by retained size
${retainers}

Top classes by retained size
${classes}

Timings: ${timings || 'none'}
`;
}

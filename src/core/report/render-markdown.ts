import type { ClassDelta, LeakCluster, LeakReport, ListenerReport } from './model.ts';
import {
  formatBytes,
  formatBytesDelta,
  formatCount,
  formatCountDelta,
  formatLocation,
  formatReportDate,
  leakKindLabel,
} from './format.ts';
import { codeSpan, markdownTable } from './render-markdown-text.ts';

/**
 * The report as Markdown sized for a pull-request comment: a summary table, the top leak clusters with their
 * readable chains, new listeners and the classes that grew most. Everything else stays in the JSON/HTML reports.
 */
export const MARKDOWN_LIMITS = { clusters: 10, chainSteps: 20, listeners: 10, classes: 15 } as const;

export function renderMarkdownReport(report: LeakReport): string {
  const parts = [
    headerMarkdown(report),
    leaksMarkdown(report.leaks),
    listenersMarkdown(report.listeners),
    classesMarkdown(report.classes),
  ].filter((part) => part !== '');
  return `${parts.join('\n\n')}\n`;
}

function andMore(total: number, shown: number, what: string): string {
  return total > shown ? `\n\n…and ${formatCount(total - shown)} more ${what}.` : '';
}

function headerMarkdown(report: LeakReport): string {
  const { summary } = report;
  const clusters = `${formatCount(summary.leakClusters)} leak cluster${summary.leakClusters === 1 ? '' : 's'}`;
  const verdict = summary.leakClusters > 0 ? '🔴' : '🟢';
  const table = markdownTable(
    ['Leak clusters', 'Leaked objects', 'Detached elements', 'Retained size', 'Listeners', 'Heap'],
    [
      [
        formatCount(summary.leakClusters),
        formatCount(summary.leakedObjects),
        formatCount(summary.leakedDetachedElements),
        formatBytes(summary.leakedRetainedSize),
        formatCountDelta(summary.listenerDelta),
        formatBytesDelta(summary.heapDelta),
      ],
    ],
    [true, true, true, true, true, true],
  );
  const snapshots = report.snapshots
    .map((snapshot) => `${snapshot.role} ${codeSpan(snapshot.label)}`)
    .join(' → ');
  const strings = report.includesStringValues ? ' · includes heap string values' : '';
  return `## ${verdict} Leaks report: ${clusters}

${table}

<sub>${codeSpan(`${report.tool.name} ${report.tool.version}`)} · ${formatReportDate(report.generatedAt)} · \
${snapshots}${strings}</sub>`;
}

function leaksMarkdown(leaks: readonly LeakCluster[]): string {
  if (leaks.length === 0) return '';
  const shown = leaks.slice(0, MARKDOWN_LIMITS.clusters);
  return shown.map(clusterMarkdown).join('\n\n') + andMore(leaks.length, shown.length, 'leak clusters');
}

function clusterMarkdown(cluster: LeakCluster): string {
  const facts = [
    leakKindLabel(cluster.kind),
    `${formatCount(cluster.count)} object${cluster.count === 1 ? '' : 's'}`,
    cluster.detachedElements > 0 ? `${formatCount(cluster.detachedElements)} detached elements` : '',
    `${formatBytes(cluster.retainedSize)} retained`,
  ].filter((fact) => fact !== '');
  const steps = cluster.readableChain.slice(0, MARKDOWN_LIMITS.chainSteps);
  const chain = steps.map((step, index) => {
    const text = step.kind === 'leak' ? `**${codeSpan(step.text)}**` : codeSpan(step.text);
    const location = step.location ? ` at ${codeSpan(formatLocation(step.location))}` : '';
    return `${index + 1}. ${text} _${step.kind}_${location}`;
  });
  const moreSteps =
    cluster.readableChain.length > steps.length
      ? `\n   …and ${cluster.readableChain.length - steps.length} more steps`
      : '';
  return `### ${codeSpan(cluster.id)} ${codeSpan(cluster.title)}

${facts.join(' · ')}

${chain.join('\n')}${moreSteps}`;
}

function listenersMarkdown(listeners: ListenerReport): string {
  const counts = listeners.counts.map((entry) => `${entry.role} ${formatCount(entry.count)}`).join(' → ');
  const heading = `### Event listeners (${formatCountDelta(listeners.delta)})\n\n${counts}`;
  if (listeners.added.length === 0) return heading;
  const shown = listeners.added.slice(0, MARKDOWN_LIMITS.listeners);
  const table = markdownTable(
    ['Target', 'Event', 'Handler', 'Location', 'Count'],
    shown.map((listener) => [
      codeSpan(listener.target, { inTable: true }),
      listener.type === undefined ? '' : codeSpan(listener.type, { inTable: true }),
      codeSpan(listener.handler, { inTable: true }),
      listener.location ? codeSpan(formatLocation(listener.location), { inTable: true }) : '',
      formatCount(listener.count),
    ]),
    [false, false, false, false, true],
  );
  return `${heading}\n\n${table}${andMore(listeners.added.length, shown.length, 'listener groups')}`;
}

function classesMarkdown(classes: readonly ClassDelta[]): string {
  if (classes.length === 0) return '';
  const shown = classes.slice(0, MARKDOWN_LIMITS.classes);
  const table = markdownTable(
    ['Class', '# New', '# Deleted', '# Delta', 'Size delta'],
    shown.map((delta) => [
      codeSpan(delta.className, { inTable: true }),
      formatCount(delta.newCount),
      formatCount(delta.deletedCount),
      formatCountDelta(delta.deltaCount),
      formatBytesDelta(delta.deltaSize),
    ]),
    [false, true, true, true, true],
  );
  return `### Top classes\n\n${table}${andMore(classes.length, shown.length, 'classes')}`;
}

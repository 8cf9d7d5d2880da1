import type { ClassDelta, LeakReport, ListenerReport, SnapshotSummary } from './model.ts';
import { formatBytes, formatBytesDelta, formatCount, formatCountDelta } from './format.ts';
import { cell, escapeHtml, heapText, locationHtml } from './render-html-text.ts';

/** The summary cards and the tables of the HTML report (snapshots, listeners, class comparison). */

/** Rows beyond this are left to the JSON report: a page of 50,000 class rows helps nobody. */
export const MAX_HTML_CLASS_ROWS = 500;

function card(label: string, value: string, tone: 'bad' | 'good' | 'neutral'): string {
  return `<div class="card ${tone}"><div class="label">${escapeHtml(label)}</div><div class="value">${value}</div></div>`;
}

function toneOf(value: number): 'bad' | 'good' {
  return value > 0 ? 'bad' : 'good';
}

export function summaryCards(report: LeakReport): string {
  const { summary } = report;
  return `<section id="summary" class="cards" aria-label="Summary">
${card('Leak clusters', formatCount(summary.leakClusters), toneOf(summary.leakClusters))}
${card('Leaked objects', formatCount(summary.leakedObjects), toneOf(summary.leakedObjects))}
${card('Leaked detached elements', formatCount(summary.leakedDetachedElements), toneOf(summary.leakedDetachedElements))}
${card('Leaked retained size', formatBytes(summary.leakedRetainedSize), toneOf(summary.leakedRetainedSize))}
${card('Listener delta', formatCountDelta(summary.listenerDelta), toneOf(summary.listenerDelta))}
${card('Heap delta', formatBytesDelta(summary.heapDelta), 'neutral')}
</section>`;
}

export function snapshotsSection(snapshots: readonly SnapshotSummary[]): string {
  const rows = snapshots.map(
    (snapshot) =>
      `<tr>${cell(escapeHtml(snapshot.role))}${cell(heapText(snapshot.label))}` +
      `${cell(formatCount(snapshot.nodeCount), true)}${cell(formatCount(snapshot.edgeCount), true)}` +
      `${cell(formatBytes(snapshot.totalSize), true)}${cell(formatCount(snapshot.jsEventListeners), true)}` +
      `${cell(formatCount(snapshot.detachedElements), true)}</tr>`,
  );
  return `<section id="snapshots"><h2>Snapshots</h2>
<table><thead><tr><th>Role</th><th>Label</th><th class="num">Nodes</th><th class="num">Edges</th>\
<th class="num">Total size</th><th class="num">JS event listeners</th><th class="num">Detached elements</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></section>`;
}

function deltaClass(value: number): string {
  if (value > 0) return ' delta-up';
  return value < 0 ? ' delta-down' : '';
}

export function listenersSection(listeners: ListenerReport): string {
  const counts = listeners.counts
    .map((entry) => `<tr>${cell(escapeHtml(entry.role))}${cell(formatCount(entry.count), true)}</tr>`)
    .join('\n');
  const added =
    listeners.added.length === 0
      ? '<p class="empty">No listener added after the baseline is still alive.</p>'
      : `<table><thead><tr><th>Target</th><th>Event</th><th>Handler</th><th>Location</th><th class="num">Count</th>\
</tr></thead>
<tbody>
${listeners.added
  .map(
    (listener) =>
      `<tr>${cell(heapText(listener.target))}${cell(listener.type === undefined ? '' : heapText(listener.type))}` +
      `${cell(heapText(listener.handler))}${cell(listener.location ? locationHtml(listener.location) : '')}` +
      `${cell(formatCount(listener.count), true)}</tr>`,
  )
  .join('\n')}
</tbody></table>`;
  return `<section id="listeners"><h2>Event listeners <span class="meta${deltaClass(listeners.delta)}">\
${formatCountDelta(listeners.delta)}</span></h2>
<table class="counts"><thead><tr><th>Snapshot</th><th class="num">JS event listeners</th></tr></thead>
<tbody>
${counts}
</tbody></table>
<h3>Added and still alive</h3>
${added}
</section>`;
}

function classRow(delta: ClassDelta): string {
  return (
    `<tr><td class="name">${heapText(delta.className)}</td>${cell(formatCount(delta.newCount), true)}` +
    `${cell(formatCount(delta.deletedCount), true)}` +
    `<td class="num${deltaClass(delta.deltaCount)}">${formatCountDelta(delta.deltaCount)}</td>` +
    `${cell(formatBytes(delta.allocSize), true)}${cell(formatBytes(delta.freedSize), true)}` +
    `<td class="num${deltaClass(delta.deltaSize)}">${formatBytesDelta(delta.deltaSize)}</td></tr>`
  );
}

export function classesSection(classes: readonly ClassDelta[]): string {
  const shown = classes.slice(0, MAX_HTML_CLASS_ROWS);
  const more =
    classes.length > shown.length
      ? `<p class="meta">…and ${formatCount(classes.length - shown.length)} more classes in the JSON report.</p>`
      : '';
  const table =
    classes.length === 0
      ? '<p class="empty">No class changed between the baseline and the last snapshot.</p>'
      : `<table><thead><tr><th>Class</th><th class="num"># New</th><th class="num"># Deleted</th>\
<th class="num"># Delta</th><th class="num">Alloc. size</th><th class="num">Freed size</th><th class="num">Size delta</th>\
</tr></thead>
<tbody>
${shown.map(classRow).join('\n')}
</tbody></table>${more}`;
  return `<section id="classes"><h2>Class comparison</h2>
<p class="meta">Last snapshot against the baseline, largest size change first.</p>
${table}
</section>`;
}

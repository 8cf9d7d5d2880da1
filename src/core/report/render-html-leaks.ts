import type { LeakCluster, ReadableStep, RetainerStep } from './model.ts';
import { formatBytes, formatCount, leakKindLabel } from './format.ts';
import { cell, escapeHtml, heapText, locationHtml } from './render-html-text.ts';

/** The leak-cluster section of the HTML report: one <article> per cluster, raw data folded in <details>. */

export function leaksSection(leaks: readonly LeakCluster[]): string {
  const body =
    leaks.length === 0
      ? '<p class="empty">No leak clusters: nothing allocated after the baseline stayed alive.</p>'
      : leaks.map(leakArticle).join('\n');
  return `<section id="leaks"><h2>Leak clusters (${formatCount(leaks.length)})</h2>\n${body}\n</section>`;
}

function leakArticle(cluster: LeakCluster): string {
  // The id is ours (`L1`…) but still escaped: the model is data, and a hand-edited JSON could hold anything.
  const id = escapeHtml(cluster.id);
  return `<article class="leak" id="leak-${id}">
<header><span class="leak-id">${id}</span><h3>${heapText(cluster.title)}</h3>\
<span class="kind kind-${escapeHtml(cluster.kind)}">${escapeHtml(leakKindLabel(cluster.kind))}</span></header>
<div class="body">
<dl class="facts"><div><dt>Objects</dt><dd>${formatCount(cluster.count)}</dd></div>\
<div><dt>Detached elements</dt><dd>${formatCount(cluster.detachedElements)}</dd></div>\
<div><dt>Retained size</dt><dd>${formatBytes(cluster.retainedSize)}</dd></div></dl>
${readableChainHtml(cluster.readableChain)}
${rawChainHtml(cluster.retainerChain)}
${samplesHtml(cluster)}
${locationsHtml(cluster)}
</div>
</article>`;
}

function readableChainHtml(steps: readonly ReadableStep[]): string {
  if (steps.length === 0) return '<p class="empty">No retainer chain.</p>';
  const items = steps.map(
    (step) =>
      `<li class="step step-${escapeHtml(step.kind)}"><span class="step-kind">${escapeHtml(step.kind)}</span>` +
      `${heapText(step.text)}${step.location ? locationHtml(step.location) : ''}</li>`,
  );
  return `<ol class="chain" aria-label="Retainer chain from the GC root to the leak">\n${items.join('\n')}\n</ol>`;
}

function rawChainHtml(steps: readonly RetainerStep[]): string {
  if (steps.length === 0) return '';
  const rows = steps.map(
    (step, index) =>
      `<tr>${cell(String(index + 1), true)}${cell(step.edge === '' ? '' : heapText(step.edge))}` +
      `${cell(escapeHtml(step.edgeType))}${cell(heapText(step.node))}${cell(escapeHtml(step.nodeType))}` +
      `${cell(`@${step.nodeId}`, true)}${cell(formatBytes(step.selfSize), true)}` +
      `${cell(formatBytes(step.retainedSize), true)}${cell(step.detached ? 'detached' : '')}</tr>`,
  );
  return `<details><summary>Raw retainer chain (${steps.length} steps)</summary>
<table><thead><tr><th class="num">#</th><th>Edge</th><th>Edge type</th><th>Node</th><th>Node type</th>\
<th class="num">Id</th><th class="num">Self size</th><th class="num">Retained size</th><th>State</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></details>`;
}

function samplesHtml(cluster: LeakCluster): string {
  if (cluster.samples.length === 0) return '';
  const rows = cluster.samples.map(
    (sample) =>
      `<tr>${cell(heapText(sample.className))}${cell(heapText(sample.name))}${cell(`@${sample.nodeId}`, true)}` +
      `${cell(formatBytes(sample.selfSize), true)}${cell(formatBytes(sample.retainedSize), true)}</tr>`,
  );
  return `<details><summary>Sample objects (${cluster.samples.length} of ${formatCount(cluster.count)})</summary>
<table><thead><tr><th>Class</th><th>Name</th><th class="num">Id</th><th class="num">Self size</th>\
<th class="num">Retained size</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></details>`;
}

function locationsHtml(cluster: LeakCluster): string {
  if (cluster.locations.length === 0) return '';
  // The same closure can be on the chain twice (listener and handler); show each place once.
  const unique = [...new Set(cluster.locations.map(locationHtml))];
  return `<p><span class="meta">Source locations:</span> ${unique.join(' ')}</p>`;
}

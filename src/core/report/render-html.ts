import type { LeakReport } from './model.ts';
import { formatCount, formatReportDate } from './format.ts';
import { leaksSection } from './render-html-leaks.ts';
import { REPORT_CSS } from './render-html-style.ts';
import { classesSection, listenersSection, snapshotsSection, summaryCards } from './render-html-tables.ts';
import { escapeHtml } from './render-html-text.ts';

/**
 * The report as ONE self-contained HTML file: inline CSS, no script, no external resource, and a CSP that would
 * block them anyway — the page shows strings an untrusted web page put in its heap, and is opened from disk or
 * attached to a bug. Collapsible parts use <details>, which needs no script.
 */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

export function renderHtmlReport(report: LeakReport): string {
  const clusters = report.summary.leakClusters;
  const title = `Leaks report — ${formatCount(clusters)} leak cluster${clusters === 1 ? '' : 's'}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
${headerHtml(report, title)}
<main>
${summaryCards(report)}
${snapshotsSection(report.snapshots)}
${leaksSection(report.leaks)}
${listenersSection(report.listeners)}
${classesSection(report.classes)}
</main>
<footer>Report schema version ${escapeHtml(String(report.schemaVersion))}. \
Sizes in decimal units as in Chrome DevTools; source locations are 1-based line:column.</footer>
</body>
</html>
`;
}

function headerHtml(report: LeakReport, title: string): string {
  const strings = report.includesStringValues
    ? '<p class="notice">This report includes string values from the heap. They may contain personal data.</p>'
    : '';
  return `<header>
<h1>${escapeHtml(title)}</h1>
<p class="meta"><span>${escapeHtml(report.tool.name)} ${escapeHtml(report.tool.version)}</span>\
<span>generated <time datetime="${escapeHtml(report.generatedAt)}">${escapeHtml(formatReportDate(report.generatedAt))}</time></span>\
<span>${report.snapshots.length} snapshots</span></p>
${strings}
</header>`;
}

import { describe, expect, it } from 'vitest';
import type { LeakReport } from './model.ts';
import { codeSpan } from './render-markdown-text.ts';
import { MARKDOWN_LIMITS, renderMarkdownReport } from './render-markdown.ts';
import { HOSTILE_STRINGS, hostileLeakReport, sampleLeakReport } from './sample-report.ts';

/** Table rows of a GFM table, split into cells the way GFM does: on `|` not preceded by a backslash. */
function tableRows(markdown: string, header: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`| ${header} |`));
  const rows: string[][] = [];
  for (let i = start + 2; i < lines.length && lines[i]!.startsWith('|'); i++) {
    rows.push(
      lines[i]!.slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
  }
  return rows;
}

/** What a code span shows, per CommonMark: strip the fence and one padding space on each side. */
function codeSpanContent(span: string): string {
  const fence = /^`+/.exec(span)![0];
  const inner = span.slice(fence.length, -fence.length);
  return inner.startsWith(' ') && inner.endsWith(' ') && inner.trim() !== '' ? inner.slice(1, -1) : inner;
}

describe('renderMarkdownReport', () => {
  it('starts with a summary table and lists each cluster with its readable chain', () => {
    const markdown = renderMarkdownReport(sampleLeakReport());
    expect(markdown).toMatch(/^## .* Leaks report: 2 leak clusters\n/);
    expect(tableRows(markdown, 'Leak clusters')).toEqual([['2', '1,250', '40', '1.2 MB', '+3', '+1.4 MB']]);
    expect(markdown).toContain(
      '### `L1` `Detached <div class="price-ticker"> held by closure onPrice (page.html:10:42)`',
    );
    expect(markdown).toContain('5. `closure onPrice` _closure_ at `http://127.0.0.1:8080/page.html:10:42`');
    expect(markdown).toContain('7. **`Detached <div class="price-ticker">`** _leak_');
    expect(tableRows(markdown, 'Class')[0]).toEqual([
      '`Detached HTMLDivElement`',
      '40',
      '0',
      '+40',
      '+38.4 kB',
    ]);
  });

  it('stays pull-request sized: top clusters and classes, then "…and N more"', () => {
    const report: LeakReport = sampleLeakReport();
    const cluster = report.leaks[0]!;
    report.leaks = Array.from({ length: 23 }, (_, i) => ({ ...cluster, id: `L${i + 1}` }));
    report.classes = Array.from({ length: 40 }, (_, i) => ({
      ...report.classes[0]!,
      className: `Class${i}`,
    }));
    const markdown = renderMarkdownReport(report);
    expect(markdown.match(/^### `L\d+`/gm)).toHaveLength(MARKDOWN_LIMITS.clusters);
    expect(markdown).toContain('…and 13 more leak clusters.');
    expect(tableRows(markdown, 'Class')).toHaveLength(MARKDOWN_LIMITS.classes);
    expect(markdown).toContain('…and 25 more classes.');
  });
});

describe('renderMarkdownReport with hostile heap strings', () => {
  const markdown = renderMarkdownReport(hostileLeakReport());

  it('keeps every table row at its column count despite pipes in heap strings', () => {
    for (const row of tableRows(markdown, 'Class')) expect(row).toHaveLength(5);
    for (const row of tableRows(markdown, 'Target')) expect(row).toHaveLength(5);
  });

  it('puts heap strings only inside code spans, so no HTML, link, mention or emphasis renders', () => {
    const outsideCode = markdown.replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, '');
    expect(outsideCode).not.toMatch(/<img|<\/?script|<b>|\[link\]|@octocat|javascript:|\*\*bold/);
    // The only HTML in the output is our own <sub> line.
    expect(outsideCode.match(/<\/?[a-z]+/g)).toEqual(['<sub', '</sub']);
  });

  it('writes code spans that show the original text', () => {
    for (const text of ['a`b', '``x``', '`start', 'end`', ' padded ', HOSTILE_STRINGS.markup]) {
      expect(codeSpanContent(codeSpan(text))).toBe(text);
    }
  });

  it('makes line breaks, control and bidi characters visible and cuts long strings', () => {
    for (const char of ['\u0000', '\u0007', '\r', '\u202E']) expect(markdown).not.toContain(char);
    expect(markdown).toContain('invoice[U+202E]txt.exe');
    expect(markdown).not.toContain('A'.repeat(200));
    expect(markdown.length).toBeLessThan(10_000);
  });
});

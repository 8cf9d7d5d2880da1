import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from './render-html.ts';
import { MAX_HTML_TEXT } from './render-html-text.ts';
import { HOSTILE_STRINGS, hostileLeakReport, sampleLeakReport } from './sample-report.ts';

/** The elements the renderer itself writes; anything else in the output came from the heap. */
const OWN_ELEMENTS = new Set(
  (
    'html head meta title style body header h1 h2 h3 p span time main section div dl dt dd article ol li ' +
    'details summary table thead tbody tr th td bdi footer'
  ).split(' '),
);

function elementNames(html: string): Set<string> {
  return new Set([...html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((match) => match[1]!.toLowerCase()));
}

/** Attribute names inside start tags (values are always double-quoted, so a quote from the heap would show). */
function attributeNames(html: string): Set<string> {
  const names = new Set<string>();
  for (const tag of html.matchAll(/<[a-zA-Z][^>]*>/g)) {
    for (const attribute of tag[0].replace(/"[^"]*"/g, '""').matchAll(/\s([a-zA-Z-]+)=/g))
      names.add(attribute[1]!.toLowerCase());
  }
  return names;
}

describe('renderHtmlReport', () => {
  const html = renderHtmlReport(sampleLeakReport());

  it('is one self-contained document with a strict CSP and no script', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    );
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|\shref=|url\(|@import/i);
  });

  it('shows the header, summary cards, snapshots, every cluster, listeners and classes', () => {
    expect(html).toContain('leaks 0.1.0');
    expect(html).toContain('2025-11-25 09:05 UTC');
    for (const label of [
      'Leak clusters',
      'Leaked detached elements',
      'Leaked retained size',
      'Listener delta',
      'Heap delta',
    ]) {
      expect(html).toContain(`<div class="label">${label}</div>`);
    }
    expect(html).toContain('1.2 MB');
    expect(html).toContain('baseline.heapsnapshot');
    expect(html).toContain('id="leak-L1"');
    expect(html).toContain('id="leak-L2"');
    expect(html).toContain('Raw retainer chain (8 steps)');
    expect(html).toContain('<section id="listeners">');
    expect(html).toContain('Detached HTMLDivElement');
  });

  it('writes the readable chain in order with 1-based locations and full URLs in tooltips', () => {
    const chain = html.slice(html.indexOf('<ol class="chain"'), html.indexOf('</ol>'));
    const texts = [...chain.matchAll(/<span class="step-kind">(\w+)<\/span><bdi>([^<]*)<\/bdi>/g)].map(
      (m) => m[1],
    );
    expect(texts).toEqual(['root', 'global', 'property', 'collection', 'closure', 'variable', 'leak']);
    expect(chain).toContain(
      '<span class="loc" title="http://127.0.0.1:8080/page.html:10:42"><bdi>http://127.0.0.1:8080/page.html:10:42</bdi></span>',
    );
  });

  it('says so when there is nothing to report', () => {
    const report = sampleLeakReport();
    report.leaks = [];
    report.classes = [];
    report.listeners.added = [];
    const empty = renderHtmlReport(report);
    expect(empty).toContain('No leak clusters');
    expect(empty).toContain('No class changed');
    expect(empty).toContain('No listener added');
  });
});

describe('renderHtmlReport with hostile heap strings', () => {
  const html = renderHtmlReport(hostileLeakReport());

  it('creates no element and no attribute of its own from heap strings', () => {
    expect([...elementNames(html)].filter((name) => !OWN_ELEMENTS.has(name))).toEqual([]);
    expect([...attributeNames(html)].sort()).toEqual(
      [
        'aria-label',
        'charset',
        'class',
        'content',
        'datetime',
        'http-equiv',
        'id',
        'lang',
        'name',
        'title',
      ].sort(),
    );
    expect(html).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&quot; onmouseover=&quot;alert(1)&#39; x=&#39;');
  });

  it('never turns a javascript: URL into a link', () => {
    expect(html).toContain('javascript:alert(document.domain)//:1:1');
    expect(html).not.toMatch(/href/i);
  });

  it('isolates right-to-left overrides inside <bdi>', () => {
    const bidiAt = html.indexOf(HOSTILE_STRINGS.bidi);
    expect(bidiAt).toBeGreaterThan(0);
    for (let at = bidiAt; at !== -1; at = html.indexOf(HOSTILE_STRINGS.bidi, at + 1)) {
      expect(html.lastIndexOf('<bdi>', at)).toBeGreaterThan(html.lastIndexOf('</bdi>', at));
    }
    expect(html).toContain('bdi { unicode-bidi: isolate; }');
  });

  it('cuts very long strings, lets the rest wrap, and hides control characters', () => {
    expect(html).not.toContain('A'.repeat(MAX_HTML_TEXT + 1));
    expect(html).toContain(`${'A'.repeat(MAX_HTML_TEXT - 1)}…`);
    expect(html).toContain('overflow-wrap: anywhere');
    expect(html).not.toContain('\u0000');
    expect(html).not.toContain('\u0007');
    expect(html.length).toBeLessThan(100_000);
  });
});

import type { SourceLocation } from '../snapshot.ts';
import { formatLocation, formatLocationFull, truncate } from './format.ts';

/**
 * Text in the HTML report. Every string that comes from the heap (node and edge names, titles built from them,
 * script URLs, class names) is attacker-controlled: the inspected page chose it. So it is always escaped, cut to a
 * readable length, cleared of control characters and wrapped in <bdi> so a U+202E cannot reorder the text
 * around it. Nothing from the heap ever becomes a link, an attribute other than `title`, or markup.
 */

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Longest heap string shown in the HTML report; the JSON report has the full value. */
export const MAX_HTML_TEXT = 400;

/** Escapes the five characters HTML gives meaning to, in text and in quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/**
 * C0/C1 controls and lone surrogates shown as U+FFFD: they are invalid in HTML or invisible, and a heap string may
 * hold anything. Bidi controls (U+202A–U+202E, U+2066–U+2069) are kept but cannot leak out of the <bdi>.
 */
function replaceUnsafeCharacters(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    '\ufffd',
  );
}

/** A heap string as HTML: shortened, cleaned, escaped and bidi-isolated. */
export function heapText(text: string, max = MAX_HTML_TEXT): string {
  return `<bdi>${escapeHtml(replaceUnsafeCharacters(truncate(text, max)))}</bdi>`;
}

/** A heap string for a `title` attribute (already quoted by the caller with double quotes). */
export function heapAttribute(text: string, max = 2_000): string {
  return escapeHtml(replaceUnsafeCharacters(truncate(text, max)));
}

/** A source location as `page.html:10:42`, never a link (URLs may be `javascript:`), full URL in the tooltip. */
export function locationHtml(location: SourceLocation): string {
  return `<span class="loc" title="${heapAttribute(formatLocationFull(location))}">${heapText(formatLocation(location))}</span>`;
}

/** A table cell, right-aligned for numbers. */
export function cell(html: string, numeric = false): string {
  return numeric ? `<td class="num">${html}</td>` : `<td>${html}</td>`;
}

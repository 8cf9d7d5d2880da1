import { truncate } from './format.ts';

/**
 * Heap strings in Markdown. They are attacker-controlled, and a pull-request comment renders Markdown, some HTML,
 * @mentions, #references, emoji codes and autolinks. The one construct in which none of those apply is a code
 * span, so every heap string goes into one: the fence is longer than any backtick run inside, line breaks and
 * control characters become visible, and `|` is escaped in table cells (GFM splits cells before code spans).
 */

/** Longest heap string in the Markdown report; the JSON report has the full value. */
export const MAX_MARKDOWN_TEXT = 120;

/** Characters that would break the line, hide text or reorder it; a code span cannot isolate bidi. */
const INVISIBLE_OR_BREAKING =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

function visible(char: string): string {
  if (char === '\n' || char === '\r' || char === '\t') return ' ';
  return `[U+${char.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}]`;
}

/** Lone surrogates would be written as U+FFFD by any UTF-8 encoder anyway; do it here, visibly. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export interface CodeSpanOptions {
  /** Inside a GFM table cell: escape `|`. */
  inTable?: boolean;
  max?: number;
}

/** A heap string as an inline code span, safe anywhere in a Markdown line. */
export function codeSpan(text: string, options: CodeSpanOptions = {}): string {
  let content = truncate(text, options.max ?? MAX_MARKDOWN_TEXT)
    .replace(INVISIBLE_OR_BREAKING, visible)
    .replace(LONE_SURROGATE, '\ufffd');
  if (content.trim() === '') return content === '' ? '*(empty)*' : `\`[${content.length} spaces]\``;
  if (options.inTable) content = content.replace(/\|/g, '\\|');
  const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  // CommonMark strips one space from each side when both are present; add them when the content touches a fence.
  const padded = /^[` ]|[` ]$/.test(content) ? ` ${content} ` : content;
  return `${fence}${padded}${fence}`;
}

/** Plain text of our own (labels, numbers) in a table cell: only `|` matters there. */
export function tableText(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** A GFM table; `align` marks numeric columns right-aligned. */
export function markdownTable(
  headers: readonly string[],
  rows: readonly string[][],
  align: readonly boolean[],
): string {
  const head = `| ${headers.map(tableText).join(' | ')} |`;
  const rule = `|${align.map((right) => (right ? '---:' : '---')).join('|')}|`;
  return [head, rule, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

import type { SourceLocation } from '../snapshot.ts';
import type { LeakKind } from './model.ts';

/**
 * Formatting shared by the report renderers (HTML, Markdown) and the CLI's text tables.
 * Output is locale-independent on purpose: reports are diffed in pull requests and must not change with the
 * machine that made them.
 */

/**
 * Bytes the way DevTools shows them (front_end/core/i18n/ByteUtilities.ts, decimal units): `12 B`, `1.2 kB`,
 * `340 kB`, `1.2 MB`, `340 MB`. Negative values keep their sign.
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return `${bytes} B`;
  const sign = bytes < 0 ? '-' : '';
  const magnitude = Math.abs(bytes);
  if (magnitude < 1000) return `${sign}${Math.round(magnitude)} B`;
  const kilobytes = magnitude / 1000;
  // Round first so 99.96 kB becomes "100 kB" rather than "100.0 kB", as the unit steps promise.
  if (Math.round(kilobytes * 10) / 10 < 100) return `${sign}${kilobytes.toFixed(1)} kB`;
  if (Math.round(kilobytes) < 1000) return `${sign}${Math.round(kilobytes)} kB`;
  const megabytes = kilobytes / 1000;
  if (Math.round(megabytes * 10) / 10 < 100) return `${sign}${megabytes.toFixed(1)} MB`;
  return `${sign}${Math.round(megabytes)} MB`;
}

/** A byte delta with an explicit sign: `+1.2 MB`, `-340 kB`, `0 B`. */
export function formatBytesDelta(bytes: number): string {
  return bytes > 0 ? `+${formatBytes(bytes)}` : formatBytes(bytes);
}

/** An integer with thin grouping (`1,234,567`), independent of the host locale. */
export function formatCount(count: number): string {
  if (!Number.isFinite(count)) return String(count);
  const sign = count < 0 ? '-' : '';
  const digits = String(Math.round(Math.abs(count)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A count delta with an explicit sign: `+3`, `-12`, `0`. */
export function formatCountDelta(count: number): string {
  return count > 0 ? `+${formatCount(count)}` : formatCount(count);
}

/** URLs longer than this are shown by their last path segment; the full URL stays available (title, JSON). */
const LONG_URL = 48;

/** The last path segment of a URL without query or fragment, or the URL itself when it has none. */
export function urlBasename(url: string): string {
  const withoutSuffix = url.replace(/[?#].*$/s, '');
  const segments = withoutSuffix.split('/').filter((segment) => segment !== '');
  const last = segments[segments.length - 1];
  return last === undefined || /^[a-z][a-z0-9+.-]*:$/i.test(last) ? url : last;
}

/** The script a location points into: its URL, or `script 12` when the snapshot did not name it. */
function scriptLabel(location: SourceLocation, short: boolean): string {
  if (location.url === undefined || location.url === '') return `script ${location.scriptId}`;
  if (!short || location.url.length <= LONG_URL) return location.url;
  return urlBasename(location.url);
}

/** `page.html:10:42` — 1-based line and column (V8 reports them 0-based); long URLs shortened to their basename. */
export function formatLocation(location: SourceLocation): string {
  return `${scriptLabel(location, true)}:${location.line + 1}:${location.column + 1}`;
}

/** `page.html:10:42` whatever the URL's length: the file only, for chain steps and buttons. */
export function formatLocationFile(location: SourceLocation): string {
  const file = location.url ? urlBasename(location.url) : `script ${location.scriptId}`;
  return `${file}:${location.line + 1}:${location.column + 1}`;
}

/** The same location with the full URL, for a tooltip or a log line. */
export function formatLocationFull(location: SourceLocation): string {
  return `${scriptLabel(location, false)}:${location.line + 1}:${location.column + 1}`;
}

/** Cuts a string to at most `max` characters (code points, so no half surrogate pair), marking the cut with `…`. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  // Only look at a prefix: heap strings can be megabytes long. 2·max+2 UTF-16 units hold more than max code points.
  const prefixLength = 2 * max + 2;
  const head = Array.from(text.slice(0, prefixLength));
  if (head.length <= max && text.length <= prefixLength) return text;
  return `${head.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** A `generatedAt` ISO time shown as `2025-11-25 09:05 UTC`; unparsable input is returned unchanged. */
export function formatReportDate(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return `${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const LEAK_KIND_LABELS: Record<LeakKind, string> = {
  'detached-dom': 'detached DOM',
  'event-listener': 'event listener',
  closure: 'closure',
  collection: 'collection',
  object: 'object',
};

/** A leak kind as words: `detached DOM`, `event listener`… */
export function leakKindLabel(kind: LeakKind): string {
  return LEAK_KIND_LABELS[kind] ?? kind;
}

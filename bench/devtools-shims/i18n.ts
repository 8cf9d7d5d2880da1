/**
 * Stand-in for DevTools' `core/i18n/i18n.js` inside the benchmark bundle. The real module loads locale bundles
 * through a DevTools host, which Node does not have. The heap snapshot worker itself only calls
 * `serializeUIString` (progress messages); the other functions are touched at import time by modules that the
 * worker's imports drag in (core/common via core/text_utils) and only ever produce UI strings. Every function
 * returns the English text with `{PH1}`-style placeholders filled in; none of them feeds the heap algorithms.
 */
type Values = Record<string, unknown>;
type UIStringFormatter = (id: string, values?: Values) => string;

function fill(text: string, values: Values = {}): string {
  return text.replace(/\{(\w+)\}/g, (match, key: string) => (key in values ? String(values[key]) : match));
}

function serializeUIString(string: string, values: Values = {}): string {
  return JSON.stringify({ string, values });
}

function registerUIStrings(_path: string, strings: Record<string, string>): UIStringFormatter {
  return (id, values) => fill(strings[id] ?? id, values);
}

function getLocalizedString(format: UIStringFormatter, id: string, values?: Values): string {
  return format(id, values);
}

function getLazilyComputedLocalizedString(
  format: UIStringFormatter,
  id: string,
  values?: Values,
): () => string {
  return () => format(id, values);
}

function lockedString(text: string): string {
  return text;
}

function lockedLazyString(text: string): () => string {
  return () => text;
}

export const i18n = {
  serializeUIString,
  registerUIStrings,
  getLocalizedString,
  getLazilyComputedLocalizedString,
  lockedString,
  lockedLazyString,
};

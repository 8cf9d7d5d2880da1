import type { ClassDelta } from '../report/model.ts';
import { emptyClassDelta } from './class-delta.ts';
import { isNoiseClass } from './noise.ts';

/** Blink's and Oilpan's C++ classes (`blink::ComputedStyle`, `cppgc::…`): real memory, but not a web developer's. */
const BROWSER_INTERNAL = /^(?:blink::|cppgc::|v8::|WTF::|gin::|network::|mojo::)/;

export const BROWSER_INTERNALS_ROW = '(browser internals)';

/**
 * The class comparison as the report shows it: rows that changed, without what only measures the engine or the
 * tool, and with Blink's C++ classes folded into one `(browser internals)` row — memlab prints them raw, which
 * buries the page's own classes; folding keeps their bytes in the totals.
 */
export function reportClassRows(classes: readonly ClassDelta[]): ClassDelta[] {
  const internals = emptyClassDelta(BROWSER_INTERNALS_ROW);
  const rows: ClassDelta[] = [];
  for (const row of classes) {
    if ((row.newCount === 0 && row.deletedCount === 0) || isNoiseClass(row.className)) continue;
    if (!BROWSER_INTERNAL.test(row.className)) {
      rows.push(row);
      continue;
    }
    internals.newCount += row.newCount;
    internals.deletedCount += row.deletedCount;
    internals.deltaCount += row.deltaCount;
    internals.allocSize += row.allocSize;
    internals.freedSize += row.freedSize;
    internals.deltaSize += row.deltaSize;
  }
  if (internals.newCount > 0 || internals.deletedCount > 0) rows.push(internals);
  return rows.sort((a, b) => Math.abs(b.deltaSize) - Math.abs(a.deltaSize) || b.newCount - a.newCount);
}

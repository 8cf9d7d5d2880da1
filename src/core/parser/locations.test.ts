import { expect, it } from 'vitest';
import { LOCATION_ROW } from './columns.ts';
import { sortLocations } from './locations.ts';
import { imulRandom } from '../../../test/support/seeded-random.ts';

it('sorts rows by node ordinal, equal ordinals in file order, over every digit of the largest ordinal', () => {
  const random = imulRandom(5);
  // Ordinals up to 2^31 take both 16-bit radix passes; few distinct ones make ties, which keep the file's order.
  for (const nodeCount of [3, 5000, 2 ** 31]) {
    const count = 3000;
    const distinct = Array.from({ length: 40 }, () => Math.floor(random() * nodeCount));
    const rows = new Uint32Array(count * LOCATION_ROW);
    for (let k = 0; k < count; k++) {
      rows[k * LOCATION_ROW] = distinct[Math.floor(random() * distinct.length)]!;
      rows[k * LOCATION_ROW + 1] = k; // the row's place in the file
    }
    const sorted = sortLocations({ locationRows: rows, locationCount: count });
    const expected = Array.from({ length: count }, (_, k) => k).sort(
      (a, b) => rows[a * LOCATION_ROW]! - rows[b * LOCATION_ROW]! || a - b,
    );
    expect(Array.from(sorted.locationScriptId)).toEqual(expected);
    expect(Array.from(sorted.locationNode)).toEqual(expected.map((k) => rows[k * LOCATION_ROW]));
  }
});

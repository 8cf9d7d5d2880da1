import { describe, expect, it } from 'vitest';
import { fixtureSnapshot } from '../../test/support/fixture-snapshots.ts';
import { loadSnapshot } from '../../test/support/load-snapshot.ts';
import { StringTable } from './strings.ts';

function table(values: string[]): StringTable {
  const encoder = new TextEncoder();
  const parts = values.map((value) => encoder.encode(value));
  const offsets = new Uint32Array(values.length + 1);
  parts.forEach((part, i) => (offsets[i + 1] = offsets[i] + part.length));
  const bytes = new Uint8Array(offsets[values.length]);
  parts.forEach((part, i) => bytes.set(part, offsets[i]));
  return new StringTable(bytes, offsets, values.length);
}

/** What matchPrefixes promises, said the slow way: 1 + the first prefix the decoded string starts with. */
const expected = (strings: StringTable, prefixes: string[]) =>
  Array.from({ length: strings.length }, (_, i) => {
    const at = prefixes.findIndex((prefix) => strings.get(i).startsWith(prefix));
    return at + 1;
  });

describe('StringTable.matchPrefixes', () => {
  it('flags the first matching prefix, in the caller’s order, on a real snapshot’s strings', () => {
    const { strings } = loadSnapshot(fixtureSnapshot('closure-detached', 'final'));
    for (const prefixes of [
      ['system / NativeContext', 'system / ', '(', 'Detached <'],
      ['system / ', 'system / NativeContext'],
      ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    ]) {
      const flags = strings.matchPrefixes(prefixes);
      expect([...flags]).toEqual(expected(strings, prefixes));
      expect(flags.some((flag) => flag !== 0)).toBe(true);
    }
  });

  it('compares bytes, not characters: empty strings, multi-byte prefixes, prefixes longer than the string', () => {
    const strings = table(['', 'é', 'éa', 'ée', 'e', 'Détaché <div>', 'D']);
    const prefixes = ['éa', 'é', 'Détaché', 'Dx'];
    expect([...strings.matchPrefixes(prefixes)]).toEqual(expected(strings, prefixes));
    expect(() => strings.matchPrefixes([''])).toThrow(RangeError);
  });
});

describe('StringTable.indexesOf', () => {
  it('gives the first index of each value, as Array.indexOf on the decoded strings, asked once or again', () => {
    const { strings } = loadSnapshot(fixtureSnapshot('listener-pileup', 'target'));
    const decoded = strings.toArray();
    const values = ['V8EventListener', 'V8EventHandlerNonNull', 'Window', '', 'no such string in a snapshot'];
    const expectedIndexes = values.map((value) => decoded.indexOf(value));
    expect(expectedIndexes.filter((index) => index >= 0).length).toBeGreaterThanOrEqual(3);
    expect(strings.indexesOf(values)).toEqual(expectedIndexes);
    // Answered again from what the first scan found, alone, reordered and beside values not asked before.
    expect(strings.indexesOf([values[1], values[0]])).toEqual([expectedIndexes[1], expectedIndexes[0]]);
    expect(strings.indexOf('Object')).toBe(decoded.indexOf('Object'));
    expect(strings.indexesOf(['Object', values[4], 'Array'])).toEqual(
      ['Object', values[4], 'Array'].map((value) => decoded.indexOf(value)),
    );
  });

  it('matches whole strings by their bytes: duplicates, prefixes and multi-byte text', () => {
    const strings = table(['éa', 'é', 'e', 'é', 'éab', '']);
    expect(strings.indexesOf(['é', 'éab', 'e', '', 'éa', 'x'])).toEqual([1, 4, 2, 5, 0, -1]);
  });
});

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

import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { analyzeSnapshot, compareSnapshots, createSnapshotParser, SnapshotFormatError } from '../index.ts';
import { fixtureSnapshot } from '../../../test/support/fixture-snapshots.ts';
import { imulRandom } from '../../../test/support/seeded-random.ts';

/**
 * Fuzz suite: inputs derived from real snapshots (a Chromium page and a Node.js process), each of which must end
 * in a typed SnapshotFormatError with a one-line reason, or in a result the whole analysis accepts — never in a
 * crash, a hang or an unbounded allocation. The generator is seeded, so a failure names a reproducible case.
 */
interface FuzzCase {
  name: string;
  bytes: Uint8Array;
  /** Parse with the input size known (as files are), or as an unsized stream (as CDP delivers). */
  sized: boolean;
}

function replaceAt(bytes: Uint8Array, at: number, insert: Uint8Array, removeLength: number): Uint8Array {
  const out = new Uint8Array(bytes.length - removeLength + insert.length);
  out.set(bytes.subarray(0, at));
  out.set(insert, at);
  out.set(bytes.subarray(at + removeLength), at + insert.length);
  return out;
}

function buildCases(): FuzzCase[] {
  const chrome = new Uint8Array(readFileSync(fixtureSnapshot('clean-control', 'baseline')));
  const node = new Uint8Array(readFileSync(fixtureSnapshot('node', 'process')));
  const text = new TextDecoder().decode(chrome);
  const header = text.slice(0, text.indexOf('"nodes"'));
  const rest = text.slice(text.indexOf('"nodes"'));
  const encode = (value: string) => new TextEncoder().encode(value);
  const next = imulRandom(20261125);
  const cases: FuzzCase[] = [];
  const add = (name: string, bytes: Uint8Array, sized = next() < 0.5) => cases.push({ name, bytes, sized });
  for (const [label, source] of [
    ['chrome', chrome],
    ['node', node],
  ] as const) {
    for (let k = 0; k < 120; k++) {
      const at = Math.floor(next() * source.length);
      add(`${label}: truncated at byte ${at}`, source.subarray(0, at));
    }
    for (let k = 0; k < 90; k++) {
      const at = Math.floor(next() * source.length);
      const digit = encode(String(Math.floor(next() * 10)));
      add(`${label}: byte ${at} replaced by a digit`, replaceAt(source, at, digit, 1));
    }
    for (let k = 0; k < 60; k++) {
      const at = Math.floor(next() * source.length);
      const separators = [',', ']', '[', '}', '{', '"', ':', '-', '.', 'e', ' ', ',,'];
      const pick = separators[Math.floor(next() * separators.length)];
      add(`${label}: byte ${at} replaced by ${JSON.stringify(pick)}`, replaceAt(source, at, encode(pick), 1));
    }
    for (let k = 0; k < 30; k++) {
      const at = Math.floor(next() * source.length);
      const huge = ['4294967296', '99999999999999999999', '-1', '1e9', '0.5', '18446744073709551616'][k % 6];
      add(`${label}: ${huge} inserted at byte ${at}`, replaceAt(source, at, encode(huge), 0));
    }
    for (let k = 0; k < 20; k++) {
      const at = Math.floor(next() * source.length);
      const invalid = [new Uint8Array([0xff]), new Uint8Array([0xc3]), new Uint8Array([0xed, 0xa0, 0x80])][
        k % 3
      ];
      add(`${label}: invalid UTF-8 at byte ${at}`, replaceAt(source, at, invalid, 1));
    }
  }
  const metaEdits: [string, string, string][] = [
    ['node_fields removed', '"node_fields"', '"node_fieldz"'],
    ['edge_fields removed', '"edge_fields"', '"edge_fieldz"'],
    ['node_types removed', '"node_types"', '"node_typez"'],
    ['meta removed', '"meta"', '"meat"'],
    ['node_count doubled', '"node_count":', '"node_count":2'],
    ['edge_count inflated', '"edge_count":', '"edge_count":9'],
    ['node_count huge', '"node_count":', '"node_count":99999999'],
    ['edge_count huge', '"edge_count":', '"edge_count":999999999'],
    ['node_count negative', '"node_count":', '"node_count":-'],
    ['node_fields reordered', '"node_fields":["type","name"', '"node_fields":["name","type"'],
    ['to_node renamed', '"to_node"', '"to_nodes"'],
    ['a node field dropped', '"edge_count","detachedness"', '"edge_count"'],
    ['node types emptied', '"node_types":[["hidden"', '"node_types":[[],["hidden"'],
  ];
  for (const [name, from, to] of metaEdits) {
    for (const sized of [true, false]) add(`meta: ${name}`, encode(header.replace(from, to) + rest), sized);
  }
  add('empty file', new Uint8Array(0));
  add('whitespace only', encode('  \n\t '));
  add('plain JSON that is not a snapshot', encode('{"name":"leaks","dependencies":{"react":"^19"}}'));
  add('a JSON array', encode('[1,2,3]'));
  add('a JSON string', encode('"snapshot"'));
  add('HTML', encode('<!doctype html><html><body>not a snapshot</body></html>'));
  add('gzip of a snapshot', new Uint8Array(gzipSync(chrome.subarray(0, 200_000))));
  add(
    'nodes before the header',
    encode(`{"nodes":[1,2,3],${header.slice(1)}${rest.slice(rest.indexOf('"edges"'))}`),
  );
  add('a Node.js snapshot, unchanged', node);
  add('a Chromium snapshot, unchanged', chrome);
  add('trailing garbage', replaceAt(chrome, chrome.length, encode('}{"x":1}'), 0));
  add('NUL bytes', new Uint8Array(1000));
  return cases;
}

function parseCase(fuzz: FuzzCase) {
  const parser = createSnapshotParser(fuzz.sized ? { expectedBytes: fuzz.bytes.length } : {});
  const chunk = 1 + (fuzz.bytes.length % 65_521);
  for (let at = 0; at < fuzz.bytes.length; at += chunk) parser.write(fuzz.bytes.subarray(at, at + chunk));
  return parser.end();
}

describe('fuzzed snapshots', () => {
  const cases = buildCases();

  it('are at least 500 distinct inputs', () => {
    expect(cases.length).toBeGreaterThanOrEqual(500);
  });

  it('each end in a typed one-line error or in a result the analysis and diff accept', () => {
    const outcomes = { rejected: 0, analysed: 0 };
    const unexpected: string[] = [];
    for (const fuzz of cases) {
      try {
        const snapshot = parseCase(fuzz);
        const analysis = analyzeSnapshot(snapshot);
        compareSnapshots({ baseline: snapshot, final: analysis });
        outcomes.analysed++;
      } catch (error) {
        if (error instanceof SnapshotFormatError && !error.message.includes('\n') && error.offset >= 0) {
          outcomes.rejected++;
        } else {
          unexpected.push(`${fuzz.name}: ${error instanceof Error ? error.stack : String(error)}`);
        }
      }
    }
    expect(unexpected).toEqual([]);
    expect(outcomes.rejected).toBeGreaterThan(300);
    expect(outcomes.analysed).toBeGreaterThan(20);
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { SnapshotFormatError } from '../errors.ts';
import { NumberArrayReader } from './number-array-reader.ts';
import { NUMBER_SCAN_WASM } from './number-scan-module.ts';
import { createNumberScan, SCAN_WINDOW_BYTES } from './number-scan.ts';
import { compileNumberScan } from '../../../scripts/number-scan-build.ts';
import { imulRandom } from '../../../test/support/seeded-random.ts';

/**
 * What a reader made of an input: every number in order, where each consume returned, and how it failed. After a
 * failure the numbers sunk so far are left out: the JavaScript loop hands them over in batches, the scan at once.
 */
interface Outcome {
  values: number[];
  batchBases: boolean;
  returns: number[];
  error?: string;
}

function read(input: Uint8Array, chunkSizes: number[], withScan: boolean): Outcome {
  const values: number[] = [];
  let basesInOrder = true;
  const reader = new NumberArrayReader(
    'edges',
    (batch, length, base) => {
      if (base !== values.length) basesInOrder = false;
      for (let k = 0; k < length; k++) values.push(batch[k]!);
    },
    withScan ? createNumberScan() : undefined,
  );
  const returns: number[] = [];
  let at = 0;
  try {
    for (let k = 0; at < input.length; k++) {
      const size = chunkSizes[k % chunkSizes.length]!;
      const chunk = input.subarray(at, at + size);
      const next = reader.consume(chunk, 0, at);
      returns.push(next);
      if (next >= 0) break;
      at += size;
    }
  } catch (error) {
    if (!(error instanceof SnapshotFormatError)) throw error;
    return { values: [], batchBases: basesInOrder, returns, error: `${error.offset}: ${error.reason}` };
  }
  return { values, batchBases: basesInOrder, returns };
}

/**
 * A numbers array as V8 writes one (a record per line), numbers of up to `maxDigits` digits (more than 15 is an
 * error), then `edits` random bytes changed to tricky ones.
 */
function numbersText(next: () => number, count: number, edits: number, maxDigits = 16): Uint8Array {
  const parts: string[] = [];
  for (let k = 0; k < count; k++) {
    const digits = Math.floor(next() * maxDigits) + 1;
    const value =
      digits > 9
        ? `${Math.floor(next() * 10 ** 9)}${'7'.repeat(digits - 9)}`
        : String(Math.floor(next() * 10 ** digits));
    parts.push(k === 0 ? value : (next() < 0.2 ? '\n,' : next() < 0.1 ? ' , ' : ',') + value);
  }
  const bytes = new TextEncoder().encode(`[${parts.join('')}]`);
  const tricky = [',', ']', ' ', '\t', '\r', '\n', '-', '.', 'e', 'a', '[', '"', '\u00e9'];
  for (let k = 0; k < edits; k++) {
    const at = Math.floor(next() * bytes.length);
    bytes[at] = tricky[Math.floor(next() * tricky.length)]!.charCodeAt(0) & 0xff;
  }
  return bytes;
}

describe('the WebAssembly number scan', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('is the committed build of number-scan.wat', async () => {
    expect([...(await compileNumberScan())]).toEqual([...NUMBER_SCAN_WASM]);
  });

  it('reads exactly what the JavaScript loop reads, and fails where and as it fails, at every split', () => {
    const next = imulRandom(20261202);
    let failed = 0;
    for (let round = 0; round < 400; round++) {
      const input = numbersText(
        next,
        1 + Math.floor(next() * 60),
        round % 3 === 0 ? 0 : Math.floor(next() * 3),
      );
      const sizes = [1 + Math.floor(next() * 7), 1 + Math.floor(next() * input.length)];
      const scanned = read(input, sizes, true);
      expect(scanned, `round ${round}: ${new TextDecoder().decode(input)}`).toEqual(
        read(input, sizes, false),
      );
      expect(scanned.batchBases).toBe(true);
      if (scanned.error) failed++;
    }
    // Both kinds of input came up: clean arrays and broken ones.
    expect(failed).toBeGreaterThan(50);
    expect(failed).toBeLessThan(350);
  });

  it('reads a chunk longer than its window, and numbers split across windows', () => {
    const next = imulRandom(7);
    const input = numbersText(next, 600_000, 0, 15);
    expect(input.length).toBeGreaterThan(2 * SCAN_WINDOW_BYTES);
    const scanned = read(input, [input.length], true);
    expect(scanned.error).toBeUndefined();
    expect(scanned.values).toHaveLength(600_000);
    expect(scanned).toEqual(read(input, [input.length], false));
  });

  it('gives the errors their exact offsets', () => {
    const cases: [string, string][] = [
      ['[1,2 3]', '5: expected "," between numbers in "edges"'],
      ['[1,,2]', '3: unexpected "," in "edges"'],
      ['[1,2,]', '5: unexpected "]" after "," in "edges"'],
      ['[1,-2]', '3: a negative number in "edges" (expected a non-negative integer)'],
      ['[1,1234567890123456]', '19: number too large in "edges"'],
      ['[1,2x]', '4: unexpected "x" in "edges" (expected a non-negative integer)'],
    ];
    for (const [text, error] of cases) {
      const input = new TextEncoder().encode(text);
      expect(read(input, [input.length], true).error, text).toBe(error);
      expect(read(input, [input.length], false).error, text).toBe(error);
    }
  });

  it('is left out where WebAssembly does not compile (an extension CSP without wasm-unsafe-eval)', () => {
    vi.stubGlobal('WebAssembly', {
      Module: class {
        constructor() {
          throw new Error(
            "Refused to compile or instantiate WebAssembly module because 'wasm-unsafe-eval' is not an allowed source",
          );
        }
      },
    });
    expect(createNumberScan()).toBeUndefined();
  });
});

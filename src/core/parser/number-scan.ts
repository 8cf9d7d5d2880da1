import { NUMBER_SCAN_WASM } from './number-scan-module.ts';

/** Bytes scanned per call: the input is copied into the module's memory this much at a time. */
export const SCAN_WINDOW_BYTES = 1 << 20;
/** Where the numbers go, after the input; a window holds at most one number per two bytes, plus one. */
const OUT_OFFSET = SCAN_WINDOW_BYTES;
const OUT_CAPACITY = (SCAN_WINDOW_BYTES >> 1) + 1;

/**
 * A scan's `stop` (number-scan.wat's $stop) when it read its input to the end; any other stop is at a "]" or at a
 * byte it leaves to the JavaScript loop, at `at`.
 */
export const SCAN_END = 0;

/** A number split across scans: its value so far, its digit count, and whether a comma is due. */
export interface ScanState {
  value: number;
  digits: number;
  needComma: boolean;
}

export interface ScanResult {
  /** The numbers read, valid until the next scan. */
  values: Float64Array;
  count: number;
  stop: number;
  /** Index into the scanned bytes where it stopped (start + length at SCAN_END). */
  at: number;
}

/**
 * The number loop of number-scan.wat: in Node it read the 136 MB "edges" section of a 233 MB Chromium 156 snapshot
 * in 190–300 ms, against 580–830 ms for the JavaScript loop of NumberArrayReader (.cache/exp/wbench.ts, 4 runs).
 * One instance per parser; its sections are read one after another, and each scan carries its state in and out.
 */
export interface NumberScan {
  /** Scans bytes[start, start + length), at most SCAN_WINDOW_BYTES; updates `state`. */
  scan(bytes: Uint8Array, start: number, length: number, state: ScanState): ScanResult;
}

interface ScanExports {
  memory: WebAssembly.Memory;
  scan(at: number, end: number, out: number, value: number, digits: number, needComma: number): number;
  value: WebAssembly.Global;
  digits: WebAssembly.Global;
  needComma: WebAssembly.Global;
  stop: WebAssembly.Global;
  at: WebAssembly.Global;
}

/**
 * A scanner, or undefined where WebAssembly cannot be compiled (a Content-Security-Policy without
 * 'wasm-unsafe-eval', a runtime without it): the parser then reads numbers in JavaScript alone, to the same result.
 */
export function createNumberScan(): NumberScan | undefined {
  let wasm: ScanExports;
  try {
    wasm = new WebAssembly.Instance(new WebAssembly.Module(NUMBER_SCAN_WASM))
      .exports as unknown as ScanExports;
  } catch {
    return undefined;
  }
  const memory = new Uint8Array(wasm.memory.buffer);
  const out = new Float64Array(wasm.memory.buffer, OUT_OFFSET, OUT_CAPACITY);
  return {
    scan(bytes, start, length, state) {
      memory.set(bytes.subarray(start, start + length), 0);
      const outEnd = wasm.scan(0, length, OUT_OFFSET, state.value, state.digits, state.needComma ? 1 : 0);
      state.value = wasm.value.value;
      state.digits = wasm.digits.value;
      state.needComma = wasm.needComma.value === 1;
      return {
        values: out,
        count: (outEnd - OUT_OFFSET) / 8,
        stop: wasm.stop.value,
        at: start + wasm.at.value,
      };
    },
  };
}

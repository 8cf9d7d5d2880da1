/**
 * The snapshot's `strings` section kept as UTF-8 bytes with an offset table, decoded on demand. A Chromium snapshot
 * holds hundreds of thousands of strings (all names, edge names and string values); as JS strings they cost two to
 * three times their bytes, and most are never looked at. Callers that test many names precompute per-index flags
 * with `matchPrefix` instead of decoding.
 */
export class StringTable {
  private readonly decoder = new TextDecoder('utf-8');
  private readonly encoder = new TextEncoder();
  /** indexesOf's answers by value. */
  private readonly found = new Map<string, number>();

  constructor(
    private readonly bytes: Uint8Array,
    /** offsets[i] .. offsets[i+1] are string i's bytes. Length `length + 1`. */
    private readonly offsets: Uint32Array,
    readonly length: number,
  ) {}

  /** String `index`, or '' when out of range. Invalid UTF-8 decodes to U+FFFD (lenient, as JSON.parse of text). */
  get(index: number): string {
    if (index < 0 || index >= this.length) return '';
    const start = this.offsets[index];
    const end = this.offsets[index + 1];
    // Short ASCII names (most of them) are cheaper through fromCharCode than through the decoder.
    if (end - start <= 32) {
      let ascii = true;
      for (let k = start; k < end; k++) if (this.bytes[k] >= 0x80) ascii = false;
      if (ascii) return String.fromCharCode(...this.bytes.subarray(start, end));
    }
    return this.decoder.decode(this.bytes.subarray(start, end));
  }

  /** The first index holding exactly `value`, or -1 (a byte scan: for the few well-known names, not per node). */
  indexOf(value: string): number {
    return this.indexesOf([value])[0];
  }

  /**
   * The first index holding exactly each value, or -1: one byte scan for all the values not asked before. The
   * table never changes, so answers are kept; the analysis and the comparison ask for the same few names several
   * times, and each scan of a Chromium snapshot's 887 k strings cost 40–50 ms in the panel's worker (profiled).
   */
  indexesOf(values: readonly string[]): number[] {
    const unknown = values.filter((value) => !this.found.has(value));
    if (unknown.length > 0) {
      const wanted = unknown.map((value) => this.encoder.encode(value));
      const index = wanted.map(() => -1);
      const { offsets, length } = this;
      let left = wanted.length;
      let start = offsets[0];
      for (let at = 0; at < length && left > 0; at++) {
        const end = offsets[at + 1];
        for (let k = 0; k < wanted.length; k++) {
          if (index[k] < 0 && end - start === wanted[k].length && this.startsWithBytes(at, wanted[k])) {
            index[k] = at;
            left--;
          }
        }
        start = end;
      }
      unknown.forEach((value, k) => this.found.set(value, index[k]));
    }
    return values.map((value) => this.found.get(value)!);
  }

  /**
   * Marks every string that starts with one of the prefixes (flag = 1 + the prefix's position), without decoding.
   * A string's first byte rules out most prefixes at once (a 256-entry table), so a call costs one byte read per
   * string rather than one comparison per prefix (the ten digits on 887 k strings: 60 → 20 ms).
   */
  matchPrefixes(prefixes: readonly string[]): Uint8Array {
    const encoded = prefixes.map((prefix) => this.encoder.encode(prefix));
    // Prefixes by first byte, each list in the caller's order (the first match wins).
    const byFirstByte: number[][] = Array.from({ length: 256 }, () => []);
    encoded.forEach((prefix, p) => {
      if (prefix.length === 0) throw new RangeError('matchPrefixes needs non-empty prefixes');
      byFirstByte[prefix[0]].push(p);
    });
    const flags = new Uint8Array(this.length);
    const { offsets, bytes } = this;
    for (let index = 0; index < this.length; index++) {
      const start = offsets[index];
      if (start === offsets[index + 1]) continue;
      for (const p of byFirstByte[bytes[start]]) {
        if (this.startsWithBytes(index, encoded[p])) {
          flags[index] = p + 1;
          break;
        }
      }
    }
    return flags;
  }

  /** Every string decoded (tests and small snapshots; costs what the table saves). */
  toArray(): string[] {
    return Array.from({ length: this.length }, (_, index) => this.get(index));
  }

  /** Byte `position` of string `index`, or -1 past its end. */
  byteAt(index: number, position: number): number {
    const at = this.offsets[index] + position;
    return at < this.offsets[index + 1] ? this.bytes[at] : -1;
  }

  /** Length of string `index` in UTF-8 bytes. */
  byteLength(index: number): number {
    return this.offsets[index + 1] - this.offsets[index];
  }

  private startsWithBytes(index: number, prefix: Uint8Array): boolean {
    const start = this.offsets[index];
    if (this.offsets[index + 1] - start < prefix.length) return false;
    for (let k = 0; k < prefix.length; k++) if (this.bytes[start + k] !== prefix[k]) return false;
    return true;
  }
}

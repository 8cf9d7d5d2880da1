/** A Uint32 list that grows by doubling; used where no declared count exists (the strings' offsets). */
export class GrowableUint32 {
  private data: Uint32Array;
  length = 0;

  constructor(initialCapacity = 1024) {
    this.data = new Uint32Array(initialCapacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Uint32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  /** The filled part, trimmed to its length (copies once). */
  toArray(): Uint32Array {
    return this.data.slice(0, this.length);
  }
}

/**
 * Capacity for a column of `declared` items. A declared count is never trusted for a huge allocation before the
 * data backs it, unless `exact`: with the input size known, a count the bytes cannot hold is refused up front; a
 * capture's counts come from Chrome itself (ParseOptions.declaredCountsTrusted); otherwise columns start small and
 * grow with the data (see grow).
 */
export function initialCapacity(declared: number, bytesPerItem: number, exact: boolean): number {
  if (exact) return declared;
  return Math.min(declared, Math.max(1024, Math.floor((64 * 1024 * 1024) / bytesPerItem)));
}

export function grow<T extends Uint8Array | Uint32Array | Float64Array>(
  column: T,
  needed: number,
  cap: number,
): T {
  if (needed <= column.length) return column;
  const size = Math.min(cap, Math.max(needed, column.length * 2));
  const grown = new (column.constructor as new (length: number) => T)(size);
  grown.set(column);
  return grown;
}

/**
 * Typed-array storage passed from one analysis phase to the next. The dominator phase needs the most temporary
 * memory (retainers plus six words a node); later phases take their arrays, kept or temporary, from what it gave
 * back instead of allocating while the garbage collector has not yet freed it (V8 frees large ArrayBuffers only
 * when it collects, and a heap of mostly typed arrays gives it little reason to). Peak memory then stays at the
 * dominator phase. Arrays handed out are zero-filled and no longer belong to the scratch.
 */
export class Scratch {
  private readonly free: ArrayBuffer[] = [];

  /**
   * Returns storage for reuse. The caller must not touch these arrays (or other views of them) again. Views of one
   * buffer (the DFS's preorder map and predecessor offsets share one) give it back once.
   */
  give(...arrays: ArrayBufferView[]): void {
    for (const array of arrays)
      if (array.buffer instanceof ArrayBuffer && !this.free.includes(array.buffer))
        this.free.push(array.buffer);
  }

  /**
   * Adds storage of these sizes, each written once so the system commits its pages now: the first touch of fresh
   * memory is what makes a big phase slow where it allocates (0.4–0.9 ms a MB in a browser worker, 0.04 ms for
   * memory touched before; a throwaway page filling 100 MB five times).
   */
  reserve(...byteLengths: number[]): void {
    for (const bytes of byteLengths) {
      const buffer = new ArrayBuffer(bytes);
      new Uint8Array(buffer).fill(1);
      this.free.push(buffer);
    }
  }

  uint32(length: number): Uint32Array {
    const buffer = this.take(length * 4);
    return buffer ? new Uint32Array(buffer, 0, length).fill(0) : new Uint32Array(length);
  }

  uint8(length: number): Uint8Array {
    const buffer = this.take(length);
    return buffer ? new Uint8Array(buffer, 0, length).fill(0) : new Uint8Array(length);
  }

  float64(length: number): Float64Array {
    const buffer = this.take(length * 8);
    return buffer ? new Float64Array(buffer, 0, length).fill(0) : new Float64Array(length);
  }

  /** Best fit: the smallest spare buffer that is large enough. */
  private take(bytes: number): ArrayBuffer | undefined {
    let best = -1;
    for (let k = 0; k < this.free.length; k++) {
      const size = this.free[k].byteLength;
      if (size >= bytes && (best < 0 || size < this.free[best].byteLength)) best = k;
    }
    return best < 0 ? undefined : this.free.splice(best, 1)[0];
  }
}

/** A zeroed Uint32Array of `length`, from `scratch`'s storage when there is one. */
export function uint32Array(scratch: Scratch | undefined, length: number): Uint32Array {
  return scratch ? scratch.uint32(length) : new Uint32Array(length);
}

/** A zeroed Uint8Array of `length`, from `scratch`'s storage when there is one. */
export function uint8Array(scratch: Scratch | undefined, length: number): Uint8Array {
  return scratch ? scratch.uint8(length) : new Uint8Array(length);
}

/** A zeroed Float64Array of `length`, from `scratch`'s storage when there is one. */
export function float64Array(scratch: Scratch | undefined, length: number): Float64Array {
  return scratch ? scratch.float64(length) : new Float64Array(length);
}

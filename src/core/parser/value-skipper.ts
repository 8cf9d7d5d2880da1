import { SnapshotFormatError } from '../errors.ts';
import { describeByte, isSpace } from './number-array-reader.ts';

type Shape = 'unknown' | 'container' | 'string' | 'bare';

/**
 * Walks over one JSON value of any kind without interpreting it: unknown sections (Chrome 156 added scopes,
 * scope_context_vars, scope_uses; allocation tracking adds trace_tree) are skipped in bounded memory. With a
 * capture limit it also keeps the value's bytes, which is how the small `snapshot` header is read.
 */
export class ValueSkipper {
  private shape: Shape = 'unknown';
  private depth = 0;
  private inString = false;
  private escape = false;
  private captured: Uint8Array[] = [];
  private capturedLength = 0;

  constructor(
    private readonly section: string,
    private readonly captureLimit = 0,
  ) {}

  /** The captured bytes as text (only with a capture limit). */
  text(): string {
    const joined = new Uint8Array(this.capturedLength);
    let at = 0;
    for (const part of this.captured) {
      joined.set(part, at);
      at += part.length;
    }
    return new TextDecoder().decode(joined);
  }

  consume(bytes: Uint8Array, start: number, chunkOffset: number): number {
    const end = this.scan(bytes, start, chunkOffset);
    if (this.captureLimit > 0) {
      const stop = end === -1 ? bytes.length : end;
      this.capturedLength += stop - start;
      if (this.capturedLength > this.captureLimit) {
        throw new SnapshotFormatError(
          'too-large',
          chunkOffset + stop,
          `"${this.section}" is larger than expected`,
        );
      }
      this.captured.push(bytes.slice(start, stop));
    }
    return end;
  }

  private scan(bytes: Uint8Array, start: number, chunkOffset: number): number {
    let i = start;
    const end = bytes.length;
    if (this.shape === 'unknown') {
      while (i < end && isSpace(bytes[i])) i++;
      if (i === end) return -1;
      const c = bytes[i];
      if (c === 0x7b || c === 0x5b) {
        this.shape = 'container';
        this.depth = 1;
      } else if (c === 0x22) {
        this.shape = 'string';
        this.inString = true;
      } else if (c === 0x2c || c === 0x7d || c === 0x5d) {
        throw new SnapshotFormatError('malformed', chunkOffset + i, `missing value for "${this.section}"`);
      } else {
        this.shape = 'bare';
      }
      i++;
    }
    if (this.shape === 'bare') {
      for (; i < end; i++) {
        const c = bytes[i];
        if (c === 0x2c || c === 0x7d || c === 0x5d || isSpace(c)) return i;
        if (c === 0x22 || c === 0x7b || c === 0x5b) {
          throw new SnapshotFormatError('malformed', chunkOffset + i, `unexpected ${describeByte(c)}`);
        }
      }
      return -1;
    }
    for (; i < end; i++) {
      const c = bytes[i];
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (c === 0x5c) this.escape = true;
        else if (c === 0x22) {
          this.inString = false;
          if (this.shape === 'string') return i + 1;
        }
      } else if (c === 0x22) this.inString = true;
      else if (c === 0x7b || c === 0x5b) this.depth++;
      else if (c === 0x7d || c === 0x5d) {
        if (--this.depth === 0) return i + 1;
      }
    }
    return -1;
  }
}

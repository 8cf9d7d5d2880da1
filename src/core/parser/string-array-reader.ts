import { SnapshotFormatError } from '../errors.ts';
import { describeByte, isSpace } from './number-array-reader.ts';

/**
 * Reads the `strings` section (a JSON array of strings) from byte chunks of any size, one string at a time:
 * only each string's own bytes are decoded, never the section as one text (a 2 GB snapshot has far more than V8's
 * ~512 M characters of strings section). Strings without escapes are decoded straight from the chunk.
 */
export class StringArrayReader {
  readonly strings: string[] = [];
  private opened = false;
  private inString = false;
  private needComma = false;
  private escapePending = false;
  private hasEscape = false;
  private pieces: Uint8Array[] = [];
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

  consume(bytes: Uint8Array, start: number, chunkOffset: number): number {
    let i = start;
    const end = bytes.length;
    let nextBackslash = -2;
    while (i < end) {
      if (this.inString) {
        const stringStart = i;
        if (this.escapePending) {
          // The previous chunk ended on a backslash: this byte is the escaped character, not a quote.
          this.escapePending = false;
          i++;
        }
        let close = -1;
        while (i < end) {
          const quote = bytes.indexOf(0x22, i);
          if (nextBackslash !== -1 && nextBackslash < i) nextBackslash = bytes.indexOf(0x5c, i);
          if (nextBackslash !== -1 && (quote === -1 || nextBackslash < quote)) {
            this.hasEscape = true;
            i = nextBackslash + 2;
            if (i > end) {
              this.escapePending = true;
              i = end;
            }
            continue;
          }
          close = quote;
          break;
        }
        if (close === -1) {
          this.pieces.push(bytes.slice(stringStart, end));
          return -1;
        }
        this.finishString(bytes.subarray(stringStart, close), chunkOffset + close);
        i = close + 1;
        continue;
      }
      const c = bytes[i];
      if (!this.opened) {
        if (c === 0x5b) this.opened = true;
        else if (!isSpace(c))
          this.fail(chunkOffset + i, `expected "[" to open "strings", found ${describeByte(c)}`);
      } else if (c === 0x22) {
        if (this.needComma) this.fail(chunkOffset + i, 'expected "," between strings');
        this.inString = true;
        this.hasEscape = false;
      } else if (c === 0x2c) {
        if (!this.needComma) this.fail(chunkOffset + i, 'unexpected "," in "strings"');
        this.needComma = false;
      } else if (c === 0x5d) {
        if (!this.needComma && this.strings.length > 0)
          this.fail(chunkOffset + i, 'unexpected "]" after ","');
        return i + 1;
      } else if (!isSpace(c)) {
        this.fail(chunkOffset + i, `unexpected ${describeByte(c)} in "strings" (expected a string)`);
      }
      i++;
    }
    return -1;
  }

  private finishString(tail: Uint8Array, offset: number): void {
    let raw = tail;
    if (this.pieces.length > 0) {
      this.pieces.push(tail);
      raw = concatBytes(this.pieces);
      this.pieces = [];
    }
    let text: string;
    try {
      text = this.decoder.decode(raw);
      if (this.hasEscape) text = JSON.parse(`"${text}"`) as string;
    } catch {
      this.fail(offset, `invalid string #${this.strings.length} in "strings" (bad UTF-8 or escape)`);
    }
    this.strings.push(text);
    this.inString = false;
    this.needComma = true;
  }

  private fail(offset: number, reason: string): never {
    throw new SnapshotFormatError('malformed', offset, reason);
  }
}

function concatBytes(parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const joined = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return joined;
}

import { SnapshotFormatError } from '../errors.ts';
import { describeByte, isSpace } from './number-array-reader.ts';
import { GrowableUint32 } from './growable.ts';
import { StringTable } from '../strings.ts';

/**
 * Reads the `strings` section (a JSON array of strings) from byte chunks of any size into one UTF-8 byte store with
 * an offset table (see StringTable): never the section as one text (a 2 GB snapshot has far more than V8's ~512 M
 * characters of strings) and no JS string per entry. Only strings with JSON escapes are decoded, to unescape them.
 */
export class StringArrayReader {
  private store = new Uint8Array(1 << 16);
  private storeLength = 0;
  private readonly offsets = new GrowableUint32(1 << 12);
  private count = 0;
  private opened = false;
  private inString = false;
  private needComma = false;
  private escapePending = false;
  private hasEscape = false;
  private pieces: Uint8Array[] = [];
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private readonly encoder = new TextEncoder();

  constructor() {
    this.offsets.push(0);
  }

  /** The strings read, as a table (the byte store is trimmed to size). */
  table(): StringTable {
    return new StringTable(this.store.slice(0, this.storeLength), this.offsets.toArray(), this.count);
  }

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
        if (!this.needComma && this.count > 0) this.fail(chunkOffset + i, 'unexpected "]" after ","');
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
    if (this.hasEscape) {
      let text: string;
      try {
        text = JSON.parse(`"${this.decoder.decode(raw)}"`) as string;
      } catch {
        this.fail(offset, `invalid string #${this.count} in "strings" (bad UTF-8 or escape)`);
      }
      raw = this.encoder.encode(text);
    }
    this.append(raw);
    this.inString = false;
    this.needComma = true;
  }

  private append(bytes: Uint8Array): void {
    const needed = this.storeLength + bytes.length;
    if (needed > this.store.length) {
      const grown = new Uint8Array(Math.max(needed, this.store.length * 2));
      grown.set(this.store.subarray(0, this.storeLength));
      this.store = grown;
    }
    this.store.set(bytes, this.storeLength);
    this.storeLength = needed;
    this.offsets.push(needed);
    this.count++;
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

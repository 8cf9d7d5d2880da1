/**
 * CDP's binary wire format, as Chromium speaks it on `--remote-debugging-pipe=cbor`: CBOR (RFC 7049) the way
 * Chromium's inspector_protocol library (crdtp/cbor.h) writes it. Every message, and every map or array in it, is
 * an "envelope": tag 24, then a byte string with a 32-bit length holding the value, so a reader can skip any value
 * without parsing it. Maps and arrays inside are indefinite-length (0xbf / 0x9f … 0xff); strings are UTF-8 (major
 * type 3) or, when they hold non-ASCII UTF-16 text, a byte string of UTF-16LE (major type 2); binary data is a
 * byte string after tag 22 (base64 in the JSON form); integers are 32-bit, other numbers doubles.
 *
 * Why the relay speaks it: a snapshot chunk arrives as the raw bytes of one CBOR string, so nothing is escaped in
 * the browser (its CBOR → JSON conversion is skipped for a binary client) and nothing is parsed here. Measured on
 * a 237 MB snapshot: the browser process spent 0.4 s of CPU instead of 1.35 s on the JSON pipe, a client 0.2 s
 * instead of 0.45 s.
 */

const ENVELOPE_TAG = [0xd8, 0x18] as const;
/** Tag 24 + byte string with a 4-byte length: 7 bytes before the envelope's content. */
export const ENVELOPE_HEADER_BYTES = 7;
const BYTE_STRING_32 = 0x5a;
const MAP_START = 0xbf;
const ARRAY_START = 0x9f;
const STOP = 0xff;
const BINARY_TAG = 0xd6;
const FALSE = 0xf4;
const TRUE = 0xf5;
const NULL = 0xf6;
const UNDEFINED = 0xf7;
const DOUBLE = 0xfb;

export class CborError extends Error {
  override readonly name = 'CborError';
}

/** The total size of the message that starts at `offset`, or undefined when its header has not all arrived. */
export function envelopeSize(bytes: Uint8Array, offset = 0): number | undefined {
  if (bytes.length - offset < ENVELOPE_HEADER_BYTES) return undefined;
  if (bytes[offset] !== ENVELOPE_TAG[0] || bytes[offset + 1] !== ENVELOPE_TAG[1]) {
    throw new CborError(
      `not a CDP message: byte 0x${(bytes[offset] ?? 0).toString(16)} instead of an envelope`,
    );
  }
  if (bytes[offset + 2] !== BYTE_STRING_32) throw new CborError('an envelope without a 32-bit length');
  return ENVELOPE_HEADER_BYTES + readUint32(bytes, offset + 3);
}

// ---------------------------------------------------------------------------------------------- encoding

/** A JSON-compatible value as one CDP message (objects and arrays in envelopes, as crdtp expects them). */
export function encodeCdpMessage(message: Record<string, unknown>): Buffer {
  const writer = new Writer();
  writer.value(message);
  return writer.result();
}

class Writer {
  private buffer = Buffer.allocUnsafe(256);
  private length = 0;

  result(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  value(value: unknown): void {
    if (value === null || value === undefined) this.byte(NULL);
    else if (value === true) this.byte(TRUE);
    else if (value === false) this.byte(FALSE);
    else if (typeof value === 'number') this.number(value);
    else if (typeof value === 'string') this.string(value);
    else if (Array.isArray(value)) {
      this.envelope(() => {
        this.byte(ARRAY_START);
        for (const item of value) this.value(item);
        this.byte(STOP);
      });
    } else if (typeof value === 'object') {
      this.envelope(() => {
        this.byte(MAP_START);
        for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
          if (item === undefined) continue; // as JSON.stringify drops it
          this.string(key);
          this.value(item);
        }
        this.byte(STOP);
      });
    } else throw new CborError(`cannot encode a ${typeof value}`);
  }

  private envelope(content: () => void): void {
    this.reserve(ENVELOPE_HEADER_BYTES);
    const start = this.length;
    this.length += ENVELOPE_HEADER_BYTES;
    content();
    const size = this.length - start - ENVELOPE_HEADER_BYTES;
    this.buffer[start] = ENVELOPE_TAG[0];
    this.buffer[start + 1] = ENVELOPE_TAG[1];
    this.buffer[start + 2] = BYTE_STRING_32;
    this.buffer.writeUInt32BE(size, start + 3);
  }

  private number(value: number): void {
    // crdtp's integers are 32-bit; anything else travels as a double, as its JSON parser would make it.
    if (Number.isInteger(value) && value >= -0x80000000 && value <= 0x7fffffff) {
      if (value >= 0) this.head(0, value);
      else this.head(1, -1 - value);
      return;
    }
    this.reserve(9);
    this.buffer[this.length] = DOUBLE;
    this.buffer.writeDoubleBE(value, this.length + 1);
    this.length += 9;
  }

  private string(value: string): void {
    const byteLength = Buffer.byteLength(value, 'utf8');
    this.head(3, byteLength);
    this.reserve(byteLength);
    this.length += this.buffer.write(value, this.length, 'utf8');
  }

  private head(major: number, argument: number): void {
    this.reserve(5);
    const type = major << 5;
    if (argument < 24) this.buffer[this.length++] = type | argument;
    else if (argument < 0x100) {
      this.buffer[this.length++] = type | 24;
      this.buffer[this.length++] = argument;
    } else if (argument < 0x10000) {
      this.buffer[this.length++] = type | 25;
      this.buffer.writeUInt16BE(argument, this.length);
      this.length += 2;
    } else {
      this.buffer[this.length++] = type | 26;
      this.buffer.writeUInt32BE(argument, this.length);
      this.length += 4;
    }
  }

  private byte(value: number): void {
    this.reserve(1);
    this.buffer[this.length++] = value;
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}

// ---------------------------------------------------------------------------------------------- decoding

/** The whole message as a JSON-compatible value (binary data as base64, as Chromium's JSON form has it). */
export function decodeCdpMessage(bytes: Buffer): unknown {
  const reader = new Reader(bytes);
  const value = reader.value();
  if (reader.offset !== bytes.length)
    throw new CborError(`${bytes.length - reader.offset} bytes after the message`);
  return value;
}

/** Where a value sits in the message, for fields read without decoding them (a 1 MB snapshot chunk). */
export interface ValueSpan {
  start: number;
  end: number;
}

/**
 * The top-level fields of a message, each value as a span: enough to route it (`sessionId`), match a reply
 * (`id`) and recognise an event (`method`) while skipping `params` and `result` by their envelope lengths.
 */
export function messageFields(bytes: Buffer, start = 0, end = bytes.length): Map<string, ValueSpan> {
  const reader = new Reader(bytes, start, end);
  const fields = new Map<string, ValueSpan>();
  reader.enterMap();
  while (!reader.atStop()) {
    const key = reader.value();
    if (typeof key !== 'string') throw new CborError('a map key that is not a string');
    const valueStart = reader.offset;
    reader.skip();
    fields.set(key, { start: valueStart, end: reader.offset });
  }
  return fields;
}

/** One field's value, decoded. */
export function decodeSpan(bytes: Buffer, span: ValueSpan): unknown {
  return new Reader(bytes, span.start, span.end).value();
}

/**
 * A string value's bytes as UTF-8 without decoding it: a view into `bytes` for CBOR's UTF-8 strings (no copy),
 * a transcoded copy for the UTF-16 form. Undefined when the value is not a string.
 */
export function utf8BytesOf(bytes: Buffer, span: ValueSpan): Buffer | undefined {
  const reader = new Reader(bytes, span.start, span.end);
  const initial = bytes[span.start];
  if (initial === undefined) return undefined;
  const major = initial >> 5;
  if (major !== 2 && major !== 3) return undefined;
  const length = reader.argument();
  const contentStart = reader.offset;
  const content = bytes.subarray(contentStart, contentStart + length);
  return major === 3 ? content : Buffer.from(content.toString('utf16le'), 'utf8');
}

class Reader {
  offset: number;

  constructor(
    private readonly bytes: Buffer,
    start = 0,
    private readonly end = bytes.length,
  ) {
    this.offset = start;
  }

  value(): unknown {
    const initial = this.peek();
    if (initial === ENVELOPE_TAG[0] && this.bytes[this.offset + 1] === ENVELOPE_TAG[1]) {
      this.offset += 2;
      const size = this.argumentOf(2);
      const contentEnd = this.offset + size;
      const value = this.value();
      if (this.offset !== contentEnd) throw new CborError('an envelope whose content is not one value');
      return value;
    }
    if (initial === MAP_START) {
      this.offset++;
      const map: Record<string, unknown> = {};
      while (!this.atStop()) {
        const key = this.value();
        map[String(key)] = this.value();
      }
      this.offset++;
      return map;
    }
    if (initial === ARRAY_START) {
      this.offset++;
      const array: unknown[] = [];
      while (!this.atStop()) array.push(this.value());
      this.offset++;
      return array;
    }
    if (initial === FALSE || initial === TRUE || initial === NULL || initial === UNDEFINED) {
      this.offset++;
      return initial === TRUE ? true : initial === FALSE ? false : null;
    }
    if (initial === DOUBLE) {
      this.need(9);
      const value = this.bytes.readDoubleBE(this.offset + 1);
      this.offset += 9;
      return value;
    }
    if (initial === BINARY_TAG) {
      this.offset++;
      const length = this.argumentOf(2);
      const value = this.bytes.toString('base64', this.offset, this.offset + length);
      this.offset += length;
      return value;
    }
    const major = initial >> 5;
    switch (major) {
      case 0:
        return this.argument();
      case 1:
        return -1 - this.argument();
      case 2:
      case 3: {
        const length = this.argument();
        this.need(length);
        const text = this.bytes.toString(major === 3 ? 'utf8' : 'utf16le', this.offset, this.offset + length);
        this.offset += length;
        return text;
      }
      case 4:
      case 5: {
        // Definite-length arrays and maps: crdtp does not write them, but they are valid CBOR.
        const count = this.argument();
        if (major === 4) return Array.from({ length: count }, () => this.value());
        const map: Record<string, unknown> = {};
        for (let i = 0; i < count; i++) map[String(this.value())] = this.value();
        return map;
      }
      default:
        throw new CborError(`unexpected CBOR byte 0x${initial.toString(16)} at ${this.offset}`);
    }
  }

  /** Moves past one value without building it. */
  skip(): void {
    const initial = this.peek();
    if (initial === ENVELOPE_TAG[0] && this.bytes[this.offset + 1] === ENVELOPE_TAG[1]) {
      this.offset += 2;
      const size = this.argumentOf(2);
      this.need(size);
      this.offset += size;
      return;
    }
    const major = initial >> 5;
    if (major === 2 || major === 3) {
      const length = this.argument();
      this.need(length);
      this.offset += length;
      return;
    }
    if (initial === BINARY_TAG) {
      this.offset++;
      this.skip();
      return;
    }
    this.value();
  }

  enterMap(): void {
    if (this.peek() === ENVELOPE_TAG[0]) {
      this.offset += 2;
      this.argumentOf(2);
    }
    if (this.peek() !== MAP_START) throw new CborError('a message that is not a map');
    this.offset++;
  }

  atStop(): boolean {
    return this.peek() === STOP;
  }

  /** The unsigned argument of the head at the offset (a length, a count or an integer), moving past the head. */
  argument(): number {
    const initial = this.peek();
    const info = initial & 0x1f;
    this.offset++;
    if (info < 24) return info;
    const width = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : 0;
    if (width === 0) throw new CborError(`an indefinite or reserved length at ${this.offset - 1}`);
    this.need(width);
    let value = 0;
    for (let i = 0; i < width; i++) value = value * 256 + (this.bytes[this.offset + i] as number);
    this.offset += width;
    return value;
  }

  private argumentOf(major: number): number {
    if (this.peek() >> 5 !== major) throw new CborError(`expected major type ${major} at ${this.offset}`);
    return this.argument();
  }

  private peek(): number {
    if (this.offset >= this.end) throw new CborError('the message ends early');
    return this.bytes[this.offset] as number;
  }

  private need(bytes: number): void {
    if (this.offset + bytes > this.end) throw new CborError('the message ends early');
  }
}

function readUint32(bytes: Uint8Array, offset: number): number {
  return (
    (bytes[offset] as number) * 0x1000000 +
    (((bytes[offset + 1] as number) << 16) |
      ((bytes[offset + 2] as number) << 8) |
      (bytes[offset + 3] as number))
  );
}

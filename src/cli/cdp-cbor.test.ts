import { describe, expect, it } from 'vitest';
import {
  CborError,
  decodeCdpMessage,
  encodeCdpMessage,
  envelopeSize,
  messageFields,
  utf8BytesOf,
} from './cdp-cbor.ts';
import { createFramer } from './chrome-pipe.ts';

const SAMPLE = {
  id: 7,
  method: 'Runtime.evaluate',
  params: {
    expression: 'Grüße, 世界 \u{1F600} "quoted" \\ back',
    nested: { list: [0, 23, 24, 255, 256, 65535, 65536, 2 ** 31 - 1, -1, -24, -25, -(2 ** 31)], empty: {} },
    flags: [true, false, null],
    real: [0.5, -1e-7, 2 ** 40, Number.MAX_SAFE_INTEGER],
    long: 'x'.repeat(70_000),
  },
};

/** A string value as crdtp writes non-ASCII text: a byte string of UTF-16LE. */
function string16(text: string): Buffer {
  const content = Buffer.from(text, 'utf16le');
  return Buffer.concat([Buffer.from([0x59, content.length >> 8, content.length & 0xff]), content]);
}

function envelope(content: Buffer): Buffer {
  const header = Buffer.from([0xd8, 0x18, 0x5a, 0, 0, 0, 0]);
  header.writeUInt32BE(content.length, 3);
  return Buffer.concat([header, content]);
}

describe('CDP CBOR', () => {
  it('decodes what it encodes, with crdtp envelopes around every map and array', () => {
    const bytes = encodeCdpMessage(SAMPLE);
    expect([...bytes.subarray(0, 3)]).toEqual([0xd8, 0x18, 0x5a]);
    expect(envelopeSize(bytes)).toBe(bytes.length);
    expect(decodeCdpMessage(bytes)).toEqual(SAMPLE);
  });

  it('reads top-level fields without decoding the others, and string bytes without copying UTF-8', () => {
    const bytes = encodeCdpMessage({
      method: 'HeapProfiler.addHeapSnapshotChunk',
      params: { chunk: '[1,2]' },
    });
    const fields = messageFields(bytes);
    expect([...fields.keys()]).toEqual(['method', 'params']);
    const params = fields.get('params')!;
    const chunk = messageFields(bytes, params.start, params.end).get('chunk')!;
    const view = utf8BytesOf(bytes, chunk)!;
    expect(view.toString()).toBe('[1,2]');
    expect(view.buffer).toBe(bytes.buffer); // a view, not a copy
  });

  it('turns UTF-16 strings (non-ASCII text as Chromium sends it) and binary data into JSON text', () => {
    const text = 'naïve ☃ \u{1F600}';
    const map = Buffer.concat([
      Buffer.from([0xbf, 0x64]),
      Buffer.from('text'),
      string16(text),
      Buffer.from([0x64]),
      Buffer.from('data'),
      Buffer.from([0xd6, 0x43, 1, 2, 3]),
      Buffer.from([0xff]),
    ]);
    const bytes = envelope(map);
    expect(decodeCdpMessage(bytes)).toEqual({ text, data: Buffer.from([1, 2, 3]).toString('base64') });
    const span = messageFields(bytes).get('text')!;
    expect(utf8BytesOf(bytes, span)!.toString('utf8')).toBe(text);
  });

  it('refuses what is not a CDP message, or ends early', () => {
    expect(() => envelopeSize(Buffer.from('{"id":1}'))).toThrow(CborError);
    const bytes = encodeCdpMessage(SAMPLE);
    expect(() => decodeCdpMessage(bytes.subarray(0, bytes.length - 5))).toThrow(CborError);
    expect(envelopeSize(bytes.subarray(0, 6))).toBeUndefined();
  });

  it('frames messages split at any byte, whole in one read or many', () => {
    const messages = [
      encodeCdpMessage({ id: 1, result: {} }),
      encodeCdpMessage(SAMPLE),
      encodeCdpMessage({ id: 2 }),
    ];
    const stream = Buffer.concat(messages);
    for (const step of [1, 3, 7, 8, 4096, 65_536, stream.length]) {
      const seen: unknown[] = [];
      const push = createFramer((message) => seen.push(decodeCdpMessage(message)));
      for (let at = 0; at < stream.length; at += step) push(stream.subarray(at, at + step));
      expect(seen).toEqual(messages.map((m) => decodeCdpMessage(m)));
    }
  });

  it('reuses the storage of a released message that spanned reads, and only of one', () => {
    const chunk = (n: number) =>
      encodeCdpMessage({
        method: 'HeapProfiler.addHeapSnapshotChunk',
        params: { chunk: `${n}`.repeat(200_000) },
      });
    const stream = Buffer.concat([chunk(1), chunk(2), chunk(3), encodeCdpMessage({ id: 9 })]);
    const storages: ArrayBuffer[] = [];
    const texts: string[] = [];
    const push = createFramer((message, release) => {
      storages.push(message.buffer as ArrayBuffer);
      const decoded = decodeCdpMessage(message) as { id?: number; params?: { chunk: string } };
      texts.push(decoded.params ? decoded.params.chunk.slice(0, 3) : `reply ${decoded.id}`);
      if (texts.length === 1) release(); // the first is done with; the second is kept
    });
    for (let at = 0; at < stream.length; at += 65_536) push(stream.subarray(at, at + 65_536));
    expect(texts).toEqual(['111', '222', '333', 'reply 9']);
    expect(storages[1]).toBe(storages[0]); // released: reused
    expect(storages[2]).not.toBe(storages[1]); // not released: a new buffer
  });
});

// Writes the extension icons (icon-16/48/128.png): a ring on a dark square, drawn per pixel and encoded as a
// minimal PNG with node:zlib, so the repo needs no image tool. Run once: `node public/make-icons.mjs`.
// Vite's publicDir is off; @crxjs/vite-plugin copies only the icons the manifest names, not this script.
import { Buffer } from 'node:buffer';
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function iconPng(size) {
  const rows = [];
  const centre = (size - 1) / 2;
  for (let y = 0; y < size; y++) {
    const row = [0]; // filter type 0 (none) for every scanline
    for (let x = 0; x < size; x++) {
      const r = Math.hypot(x - centre, y - centre) / (size / 2);
      const ring = r > 0.5 && r < 0.8;
      const drop = Math.hypot(x - centre, y - size * 0.72) / (size / 2) < 0.14;
      const [red, green, blue] = ring ? [0xf2, 0x8b, 0x22] : drop ? [0x4f, 0xc3, 0xf7] : [0x20, 0x24, 0x2b];
      row.push(red, green, blue, 0xff);
    }
    rows.push(Buffer.from(row));
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

for (const size of [16, 48, 128]) {
  writeFileSync(fileURLToPath(new URL(`icon-${size}.png`, import.meta.url)), iconPng(size));
}

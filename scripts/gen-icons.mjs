#!/usr/bin/env node
// Draws the app icons (www/icons/*.png) without any image library: a blue
// rounded square with three white bars, each narrower than the one above it
// (image layers getting slimmer). The PNGs are committed; run this again only
// to change the design:   node scripts/gen-icons.mjs
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'www', 'icons');
const BLUE = [0x1f, 0x6f, 0xeb];

const CRC = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Is (x, y) in [0,1]² inside a rounded rectangle?
function inRounded(x, y, x0, y0, x1, y1, r) {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function draw(size, maskable) {
  const rgba = Buffer.alloc(size * size * 4);
  const k = maskable ? 0.72 : 1; // keep the bars inside the maskable safe circle
  const bars = [0.64, 0.46, 0.28].map((w, i) => {
    const h = 0.13 * k;
    const y0 = 0.5 + (i - 1) * 0.19 * k - h / 2;
    return [0.5 - (w * k) / 2, y0, 0.5 + (w * k) / 2, y0 + h, h / 2];
  });
  const S = 4; // supersampling
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let bg = 0;
      let fg = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const x = (px + (sx + 0.5) / S) / size;
          const y = (py + (sy + 0.5) / S) / size;
          const inBg = maskable || inRounded(x, y, 0.04, 0.04, 0.96, 0.96, 0.2);
          if (!inBg) continue;
          if (bars.some(([x0, y0, x1, y1, r]) => inRounded(x, y, x0, y0, x1, y1, r))) fg++;
          else bg++;
        }
      }
      const n = S * S;
      const a = (bg + fg) / n;
      const i = (py * size + px) * 4;
      if (a === 0) continue;
      const f = fg / (bg + fg);
      for (let c = 0; c < 3; c++) rgba[i + c] = Math.round(BLUE[c] * (1 - f) + 255 * f);
      rgba[i + 3] = Math.round(a * 255);
    }
  }
  return png(size, rgba);
}

mkdirSync(out, { recursive: true });
for (const [name, size, maskable] of [
  ['icon-192.png', 192, false],
  ['icon-512.png', 512, false],
  ['maskable-512.png', 512, true],
  ['apple-touch-icon.png', 180, true],
]) {
  const file = join(out, name);
  writeFileSync(file, draw(size, maskable));
  console.log(`wrote ${file}`);
}

import subsetFont from 'subset-font';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
function gb2312(): string {
  const dec = new TextDecoder('gbk');
  let s = '';
  for (let row = 0xa1; row <= 0xf7; row++) for (let cell = 0xa1; cell <= 0xfe; cell++) {
    const ch = dec.decode(new Uint8Array([row, cell]));
    if (ch !== '\ufffd' && ch.length === 1 && !/[\uE000-\uF8FF]/.test(ch)) s += ch;
  }
  return s;
}
const g = gb2312();
const hanzi = [...g].filter((c) => /\p{Script=Han}/u.test(c)).length;
console.log('gb2312 chars', [...g].length, 'hanzi', hanzi);
let text = g;
for (let c = 0x20; c <= 0x7e; c++) text += String.fromCodePoint(c);
for (let c = 0xa0; c <= 0xff; c++) text += String.fromCodePoint(c);
for (let c = 0x2000; c <= 0x206f; c++) text += String.fromCodePoint(c);
for (let c = 0x3000; c <= 0x303f; c++) text += String.fromCodePoint(c);
for (let c = 0xff00; c <= 0xffef; c++) text += String.fromCodePoint(c);
for (const w of ['400Regular', '700Bold']) {
  const src = readFileSync(require.resolve(`@expo-google-fonts/noto-sans-sc/${w}/NotoSansSC_${w}.ttf`));
  const t = performance.now();
  const out = await subsetFont(src, text, { targetFormat: 'sfnt' });
  writeFileSync(`/tmp/NotoSansSC-${w}-sub.ttf`, out);
  console.log(w, src.length, '->', out.length, (performance.now() - t).toFixed(0), 'ms');
}

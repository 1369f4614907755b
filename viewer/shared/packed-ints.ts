/**
 * Whole numbers >= 0 as a string of base64url characters, 5 bits a character, low bits
 * first: the first 32 characters end a number, the last 32 carry on to the next. 463,633
 * changes of the 100,000-pod recording's aggregate (aggregate-model.ts) in JSON number
 * arrays were 6.9 MB the page's JSON.parse took ~200-370 ms over; as these strings they
 * are ~3 MB that JSON.parse copies, and decoding them is one pass over the characters.
 */
const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) VALUE[DIGITS.charCodeAt(i)] = i;

export function packInts(xs: ArrayLike<number>): string {
  const out: string[] = [];
  for (let i = 0; i < xs.length; i++) {
    let v = xs[i] as number;
    if (!Number.isInteger(v) || v < 0) throw new Error(`packInts: ${v} is not a whole number >= 0`);
    while (v >= 32) {
      out.push(DIGITS[32 + (v % 32)] as string);
      v = Math.floor(v / 32);
    }
    out.push(DIGITS[v] as string);
  }
  return out.join('');
}

/**
 * The numbers packInts made of `s`, `n` of them, as a Float64Array (exact for whole
 * numbers up to 2^53); `zigzag` undoes packZigzag's mapping on the way. A typed array
 * filled in place: the 20,202-pod model's 396,273 times in 15-45 ms cold and ~1 ms warm,
 * where a plain array pushed to was 84-165 ms and one made with new Array(n) 14-71 ms.
 */
export function unpackInts(s: string, n: number, zigzag = false): Float64Array {
  const out = new Float64Array(n);
  let k = 0;
  let v = 0;
  let scale = 1;
  for (let i = 0; i < s.length; i++) {
    const d = VALUE[s.charCodeAt(i) & 127] as number;
    if (d < 0 || (d < 32 && k >= n)) throw new Error(`unpackInts: bad character ${JSON.stringify(s[i])} at ${i}, or more than ${n} numbers`);
    if (d >= 32) {
      v += (d - 32) * scale;
      scale *= 32;
      continue;
    }
    const x = v + d * scale;
    out[k++] = zigzag ? (x % 2 === 0 ? x / 2 : -(x + 1) / 2) : x;
    v = 0;
    scale = 1;
  }
  if (k !== n) throw new Error(`unpackInts: ${k} numbers, expected ${n}`);
  return out;
}

/** Whole numbers of either sign, as 0, -1, 1, -2 ... -> 0, 1, 2, 3 ... then packInts. */
export function packZigzag(xs: readonly number[]): string {
  return packInts(xs.map((d) => (d >= 0 ? 2 * d : -2 * d - 1)));
}

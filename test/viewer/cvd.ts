/**
 * Colour-vision-deficiency simulation for palette tests: Machado, Oliveira & Fernandes
 * (2009), "A Physiologically-based Model for Simulation of Color Vision Deficiency",
 * severity 1.0 matrices, applied in linear sRGB; distances are CIE76 dE in CIELAB (D65).
 * A dE of ~2 is a just-noticeable difference; chips and bars need far more than that to
 * be told apart at a glance.
 */
export type Vision = 'normal' | 'protanopia' | 'deuteranopia' | 'tritanopia';

const MATRICES: Record<Exclude<Vision, 'normal'>, number[][]> = {
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.1476],
    [0.004733, 0.691367, 0.3039],
  ],
};

function linear(hex: string): number[] {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (m === null) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [0, 2, 4].map((i) => {
    const c = parseInt((m[1] as string).slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
}

function lab([r, g, b]: number[]): [number, number, number] {
  const [R, G, B] = [r, g, b].map((v) => Math.min(1, Math.max(0, v as number))) as [number, number, number];
  const f = (t: number): number => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  const X = f((0.4124 * R + 0.3576 * G + 0.1805 * B) / 0.95047);
  const Y = f(0.2126 * R + 0.7152 * G + 0.0722 * B);
  const Z = f((0.0193 * R + 0.1192 * G + 0.9505 * B) / 1.08883);
  return [116 * Y - 16, 500 * (X - Y), 200 * (Y - Z)];
}

/** The CIELAB colour a viewer with this vision sees for `hex`. */
export function seen(hex: string, vision: Vision): [number, number, number] {
  const l = linear(hex);
  if (vision === 'normal') return lab(l);
  return lab(MATRICES[vision].map((row) => (row[0] as number) * (l[0] as number) + (row[1] as number) * (l[1] as number) + (row[2] as number) * (l[2] as number)));
}

export function deltaE(a: string, b: string, vision: Vision): number {
  const [p, q] = [seen(a, vision), seen(b, vision)];
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

/** Chroma (colourfulness) in CIELAB: 0 for a grey. */
export function chroma(hex: string): number {
  const [, a, b] = seen(hex, 'normal');
  return Math.hypot(a, b);
}

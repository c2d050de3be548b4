/**
 * Draws a metric graph as a PNG, the way CloudWatch's GetMetricWidgetImage answers: a title, the
 * plot with its horizontal grid, y-axis values, the start and end times, one coloured line per
 * series and a legend. fast-png encodes; the drawing (lines, a 3×5 pixel font) is by hand because
 * no well-kept pure-JS library rasterizes text without a font file to load.
 */
import { encode } from 'fast-png';

export interface ChartSeries {
  readonly label: string;
  /** [epoch ms, value], any order. */
  readonly points: readonly (readonly [number, number])[];
}

export interface ChartSpec {
  readonly title: string;
  readonly width: number;
  readonly height: number;
  readonly start: number;
  readonly end: number;
  readonly series: readonly ChartSeries[];
}

type Rgb = readonly [number, number, number];

/** CloudWatch's default palette, in its order. */
const PALETTE: readonly Rgb[] = [
  [31, 119, 180],
  [255, 127, 14],
  [44, 160, 44],
  [214, 39, 40],
  [148, 103, 189],
  [140, 86, 75],
  [227, 119, 194],
  [127, 127, 127],
];
const INK: Rgb = [68, 68, 68];
const GRID: Rgb = [228, 228, 228];

/** 3×5 glyphs, rows top to bottom; lower case draws as upper case. */
const GLYPHS: Readonly<Record<string, string>> = {
  '0': '111101101101111',
  '1': '010110010010111',
  '2': '111001111100111',
  '3': '111001111001111',
  '4': '101101111001001',
  '5': '111100111001111',
  '6': '111100111101111',
  '7': '111001001001001',
  '8': '111101111101111',
  '9': '111101111001111',
  A: '010101111101101',
  B: '110101110101110',
  C: '011100100100011',
  D: '110101101101110',
  E: '111100110100111',
  F: '111100110100100',
  G: '011100101101011',
  H: '101101111101101',
  I: '111010010010111',
  J: '001001001101010',
  K: '101101110101101',
  L: '100100100100111',
  M: '101111111101101',
  N: '110101101101101',
  O: '010101101101010',
  P: '110101110100100',
  Q: '010101101110011',
  R: '110101110101101',
  S: '011100010001110',
  T: '111010010010010',
  U: '101101101101111',
  V: '101101101101010',
  W: '101101111111101',
  X: '101101010101101',
  Y: '101101010010010',
  Z: '111001010100111',
  '.': '000000000000010',
  ':': '000010000010000',
  '-': '000000111000000',
  '/': '001001010100100',
  '%': '101001010100101',
  '(': '001010010010001',
  ')': '100010010010100',
  _: '000000000000111',
  ',': '000000000010100',
  '=': '000111000111000',
  '+': '000010111010000',
  '?': '111001011000010',
  '·': '000000010000000',
  ' ': '000000000000000',
};

class Canvas {
  readonly #pixels: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.#pixels = new Uint8Array(width * height * 3).fill(255);
  }

  set(x: number, y: number, [r, g, b]: Rgb): void {
    const px = Math.round(x);
    const py = Math.round(y);
    if (px < 0 || py < 0 || px >= this.width || py >= this.height) return;
    const at = (py * this.width + px) * 3;
    this.#pixels[at] = r;
    this.#pixels[at + 1] = g;
    this.#pixels[at + 2] = b;
  }

  rect(x: number, y: number, w: number, h: number, color: Rgb): void {
    for (let dy = 0; dy < h; dy++) for (let dx = 0; dx < w; dx++) this.set(x + dx, y + dy, color);
  }

  /** A line `thickness` pixels wide (Bresenham, with a square pen). */
  line(x0: number, y0: number, x1: number, y1: number, color: Rgb, thickness = 1): void {
    const steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0), 1);
    for (let i = 0; i <= steps; i++) {
      const x = x0 + ((x1 - x0) * i) / steps;
      const y = y0 + ((y1 - y0) * i) / steps;
      this.rect(
        Math.round(x - (thickness - 1) / 2),
        Math.round(y - (thickness - 1) / 2),
        thickness,
        thickness,
        color,
      );
    }
  }

  /** Text in the 3×5 font at `scale`; returns the width drawn. */
  text(x: number, y: number, text: string, color: Rgb, scale = 2): number {
    let cursor = x;
    for (const char of text.toUpperCase()) {
      const glyph = GLYPHS[char] ?? GLYPHS['?']!;
      for (let row = 0; row < 5; row++)
        for (let col = 0; col < 3; col++)
          if (glyph[row * 3 + col] === '1')
            this.rect(cursor + col * scale, y + row * scale, scale, scale, color);
      cursor += 4 * scale;
    }
    return cursor - x;
  }

  png(): Uint8Array {
    return encode({ width: this.width, height: this.height, data: this.#pixels, channels: 3, depth: 8 });
  }
}

export function textWidth(text: string, scale = 2): number {
  return text.length * 4 * scale;
}

/** `1234.5` → `1.2K`, `0.25` → `0.25`: short axis labels. */
function shortNumber(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
  if (abs >= 1e3) return `${(value / 1e3).toFixed(1)}K`;
  if (abs >= 10 || value === 0) return String(Math.round(value));
  return value.toFixed(2);
}

function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}

export function renderChart(spec: ChartSpec): Uint8Array {
  const canvas = new Canvas(spec.width, spec.height);
  const values = spec.series.flatMap((s) => s.points.map(([, v]) => v));
  const top = Math.max(1, ...values) * 1.1;
  const left = 56;
  const right = spec.width - 16;
  const plotTop = 32;
  const legendRows = Math.min(spec.series.length, 3);
  const plotBottom = spec.height - 30 - legendRows * 14;
  canvas.text(12, 10, spec.title.slice(0, Math.floor((spec.width - 24) / 8)), INK);
  for (let i = 0; i <= 4; i++) {
    const y = plotBottom - ((plotBottom - plotTop) * i) / 4;
    canvas.line(left, y, right, y, GRID);
    const label = shortNumber((top * i) / 4);
    canvas.text(left - 6 - textWidth(label), y - 5, label, INK);
  }
  canvas.line(left, plotBottom, right, plotBottom, INK);
  canvas.text(left, plotBottom + 6, clock(spec.start), INK);
  const endLabel = clock(spec.end);
  canvas.text(right - textWidth(endLabel), plotBottom + 6, endLabel, INK);
  const xOf = (t: number) => left + ((right - left) * (t - spec.start)) / Math.max(1, spec.end - spec.start);
  const yOf = (v: number) => plotBottom - ((plotBottom - plotTop) * v) / top;
  spec.series.forEach((series, index) => {
    const color = PALETTE[index % PALETTE.length]!;
    const points = [...series.points].sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < points.length; i++) {
      const [t0, v0] = points[i - 1]!;
      const [t1, v1] = points[i]!;
      canvas.line(xOf(t0), yOf(v0), xOf(t1), yOf(v1), color, 2);
    }
    if (points.length === 1) canvas.rect(xOf(points[0]![0]) - 2, yOf(points[0]![1]) - 2, 4, 4, color);
    if (index < legendRows) {
      const y = plotBottom + 24 + index * 14;
      canvas.rect(left, y, 10, 10, color);
      const more =
        index === legendRows - 1 && spec.series.length > legendRows
          ? ` (+${spec.series.length - legendRows})`
          : '';
      canvas.text(left + 16, y, `${series.label}${more}`.slice(0, 60), INK);
    }
  });
  if (values.length === 0) canvas.text(left + 12, (plotTop + plotBottom) / 2, 'NO DATA AVAILABLE', INK);
  return canvas.png();
}

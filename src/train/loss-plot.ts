// A PNG of the training curves, drawn by hand (no plotting dependency): training loss per step
// (smoothed, raw behind it in a pale shade) with the validation loss per epoch on a log axis,
// and below it the validation PSNR per epoch when the log has one.
import { GLYPH_HEIGHT, createImage, drawLine, drawText, fillRect, textWidth, writePng, type Image, type Rgb } from '../image/index.js';
import type { EpochRecord, StepRecord, TrainLogRecord } from './train-log.js';

/** File name of the loss plot inside the output folder. */
export const LOSS_PLOT_NAME = 'loss.png';

/** Colours of the plot: training curves blue, validation curves orange. */
export const PLOT_COLOURS = {
  background: [1, 1, 1] as Rgb,
  axis: [0.15, 0.15, 0.15] as Rgb,
  grid: [0.9, 0.9, 0.9] as Rgb,
  train: [0.12, 0.38, 0.75] as Rgb,
  trainRaw: [0.75, 0.83, 0.95] as Rgb,
  val: [0.93, 0.45, 0.05] as Rgb,
  input: [0.55, 0.55, 0.55] as Rgb,
} as const;

/** Options of plotLossCurves. */
export interface LossPlotOptions {
  /** Image width, px (default 800). */
  readonly width?: number;
  /** Image height, px (default 520). */
  readonly height?: number;
  /** Exponential smoothing weight of the training loss in [0, 1) per logged step (default 0.9). */
  readonly smoothing?: number;
}

interface Panel {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

interface Axis {
  readonly lo: number;
  readonly hi: number;
  readonly log: boolean;
}

const FONT = 2;
const MARGIN_LEFT = 92;
const MARGIN_RIGHT = 24;

/**
 * Draws the loss curves of a training log into a new sRGB image (default 800×520 px). Steps
 * are global steps; epochs are shown 1-based (the number of epochs completed).
 */
export function plotLossCurves(records: readonly TrainLogRecord[], options: LossPlotOptions = {}): Image {
  const width = options.width ?? 800;
  const height = options.height ?? 520;
  const img = createImage(width, height, 3, 'srgb');
  fillRect(img, 0, 0, width, height, PLOT_COLOURS.background);
  const steps = records.filter((r): r is StepRecord => r.kind === 'step' && Number.isFinite(r.loss));
  const epochs = records.filter((r): r is EpochRecord => r.kind === 'epoch');
  const psnrs = epochs.filter((r) => r.valPsnr !== undefined && Number.isFinite(r.valPsnr));
  const vals = epochs.filter((r) => r.valLoss !== undefined && Number.isFinite(r.valLoss) && r.valLoss > 0);

  const top = 44;
  const bottomLabels = 52;
  const plotW = width - MARGIN_LEFT - MARGIN_RIGHT;
  const usable = height - top - bottomLabels - (psnrs.length > 0 ? bottomLabels + 16 : 0);
  const lossH = psnrs.length > 0 ? Math.round(usable * 0.6) : usable;
  const lossPanel: Panel = { x: MARGIN_LEFT, y: top, w: plotW, h: lossH };

  // Legend above the loss panel.
  let lx = MARGIN_LEFT;
  const legend: [string, Rgb][] = [['TRAIN LOSS (SMOOTHED)', PLOT_COLOURS.train]];
  if (vals.length > 0 || psnrs.length > 0) legend.push(['VALIDATION MSE', PLOT_COLOURS.val]);
  for (const [label, colour] of legend) {
    fillRect(img, lx, 14 + FONT * 2, 22, 4, colour);
    drawText(img, label, lx + 30, 14, PLOT_COLOURS.axis, FONT);
    lx += 30 + textWidth(label, FONT) + 28;
  }

  const smoothed = smooth(steps.map((s) => s.loss), options.smoothing ?? 0.9);
  const lossValues = [...steps.map((s) => s.loss), ...vals.map((v) => v.valLoss!)];
  const maxStep = Math.max(1, ...steps.map((s) => s.step), ...epochs.map((e) => e.step));
  const xAxis: Axis = { lo: 0, hi: maxStep, log: false };
  const yAxis = valueAxis(lossValues.filter((v) => v > 0), true);
  drawFrame(img, lossPanel, xAxis, yAxis, 'STEP', 'LOSS / MSE');
  if (steps.length === 0 && vals.length === 0) drawCentred(img, lossPanel, 'NO DATA YET');
  polyline(img, lossPanel, xAxis, yAxis, steps.map((s) => s.step), steps.map((s) => s.loss), PLOT_COLOURS.trainRaw, 1);
  polyline(img, lossPanel, xAxis, yAxis, steps.map((s) => s.step), smoothed, PLOT_COLOURS.train, 2);
  polyline(img, lossPanel, xAxis, yAxis, vals.map((v) => v.step), vals.map((v) => v.valLoss!), PLOT_COLOURS.val, 2, true);

  if (psnrs.length > 0) {
    const panel: Panel = { x: MARGIN_LEFT, y: top + lossH + bottomLabels + 16, w: plotW, h: usable - lossH };
    const ex: Axis = { lo: 0, hi: Math.max(1, ...epochs.map((e) => e.epoch + 1)), log: false };
    const inputs = psnrs.filter((p) => p.valInputPsnr !== undefined && Number.isFinite(p.valInputPsnr));
    const ey = valueAxis([...psnrs.map((p) => p.valPsnr!), ...inputs.map((p) => p.valInputPsnr!)], false);
    drawFrame(img, panel, ex, ey, 'EPOCH', inputs.length > 0 ? 'VAL PSNR DB (GREY: INPUT)' : 'VAL PSNR DB');
    // The blurred input's PSNR on the same patches: the line the network must rise above.
    polyline(img, panel, ex, ey, inputs.map((p) => p.epoch + 1), inputs.map((p) => p.valInputPsnr!), PLOT_COLOURS.input, 1);
    polyline(img, panel, ex, ey, psnrs.map((p) => p.epoch + 1), psnrs.map((p) => p.valPsnr!), PLOT_COLOURS.val, 2, true);
  }
  return img;
}

/** Plots a training log (see plotLossCurves) and writes it as an 8-bit PNG, atomically. */
export function writeLossPlot(path: string, records: readonly TrainLogRecord[], options: LossPlotOptions = {}): void {
  writePng(path, plotLossCurves(records, options), 8);
}

/** One curve of plotSeries: points (x, y), drawn as a line (with markers when asked) in `colour`. */
export interface PlotSeries {
  readonly label: string;
  readonly colour: Rgb;
  readonly xs: readonly number[];
  readonly ys: readonly number[];
  /** Line thickness, px (default 2). */
  readonly thickness?: number;
  readonly markers?: boolean;
}

/**
 * Draws curves on one linear panel with a legend (labels of series with a label) into a new
 * sRGB image (default 800×480 px), with the axes' titles; `zeroLine` draws y = 0 in grey.
 */
export function plotSeries(series: readonly PlotSeries[], titles: { readonly x: string; readonly y: string }, options: { width?: number; height?: number; zeroLine?: boolean } = {}): Image {
  const width = options.width ?? 800;
  const height = options.height ?? 480;
  const img = createImage(width, height, 3, 'srgb');
  fillRect(img, 0, 0, width, height, PLOT_COLOURS.background);
  let lx = MARGIN_LEFT;
  let ly = 14;
  for (const s of series) {
    if (s.label === '') continue;
    const w = 30 + textWidth(s.label, FONT) + 28;
    if (lx + w > width) {
      lx = MARGIN_LEFT;
      ly += GLYPH_HEIGHT * FONT + 10;
    }
    fillRect(img, lx, ly + FONT * 2, 22, 4, s.colour);
    drawText(img, s.label, lx + 30, ly, PLOT_COLOURS.axis, FONT);
    lx += w;
  }
  const top = ly + GLYPH_HEIGHT * FONT + 16;
  const panel: Panel = { x: MARGIN_LEFT, y: top, w: width - MARGIN_LEFT - MARGIN_RIGHT, h: height - top - 52 };
  const xs = series.flatMap((s) => s.xs);
  const ys = series.flatMap((s) => s.ys.filter(Number.isFinite));
  const xAxis: Axis = { lo: Math.min(0, ...xs), hi: Math.max(1e-9, ...xs), log: false };
  const yAxis = valueAxis(options.zeroLine ? [...ys, 0] : ys, false);
  drawFrame(img, panel, xAxis, yAxis, titles.x, titles.y, false);
  if (options.zeroLine) polyline(img, panel, xAxis, yAxis, [xAxis.lo, xAxis.hi], [0, 0], PLOT_COLOURS.input, 1);
  for (const s of series) polyline(img, panel, xAxis, yAxis, s.xs, s.ys, s.colour, s.thickness ?? 2, s.markers ?? false);
  return img;
}

/** Bias-corrected exponential moving average (as TensorBoard's smoothing), weight `w` on the past. */
function smooth(values: readonly number[], w: number): number[] {
  const out: number[] = [];
  let acc = 0;
  let norm = 0;
  for (const v of values) {
    acc = w * acc + (1 - w) * v;
    norm = w * norm + (1 - w);
    out.push(acc / norm);
  }
  return out;
}

function valueAxis(values: readonly number[], log: boolean): Axis {
  if (values.length === 0) return log ? { lo: 1e-3, hi: 1, log } : { lo: 0, hi: 1, log };
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (log) {
    if (hi / lo < 1.5) {
      lo /= 1.25;
      hi *= 1.25;
    }
    return { lo, hi, log };
  }
  const pad = hi > lo ? (hi - lo) * 0.08 : Math.max(Math.abs(hi) * 0.05, 0.5);
  lo -= pad;
  hi += pad;
  return { lo, hi, log };
}

function toX(p: Panel, a: Axis, v: number): number {
  return p.x + ((v - a.lo) / (a.hi - a.lo)) * (p.w - 1);
}

function toY(p: Panel, a: Axis, v: number): number {
  const t = a.log ? (Math.log(v) - Math.log(a.lo)) / (Math.log(a.hi) - Math.log(a.lo)) : (v - a.lo) / (a.hi - a.lo);
  return p.y + (1 - t) * (p.h - 1);
}

/** Tick values inside an axis: 1-2-5 steps, or on a log axis 1-2-5 per decade (fewer when many decades). */
function ticks(a: Axis): number[] {
  if (!a.log) return linearTicks(a.lo, a.hi);
  const out: number[] = [];
  const decades = Math.log10(a.hi / a.lo);
  const mantissas = decades > 4 ? [1] : decades > 1.5 ? [1, 3] : [1, 2, 5];
  for (let e = Math.floor(Math.log10(a.lo)); e <= Math.ceil(Math.log10(a.hi)); e++) {
    for (const m of mantissas) {
      const v = m * 10 ** e;
      if (v >= a.lo && v <= a.hi) out.push(v);
    }
  }
  return out.length >= 2 ? out : linearTicks(a.lo, a.hi);
}

function linearTicks(lo: number, hi: number): number[] {
  const raw = (hi - lo) / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

/** Short tick label: plain decimals between 0.01 and 10000, else mantissa E exponent. */
function formatTick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 0.01 && a < 10000) return String(Number(v.toPrecision(3)));
  const [m, e] = v.toExponential(1).split('e') as [string, string];
  return `${m.replace(/\.0$/, '')}E${Number(e)}`;
}

function drawFrame(img: Image, p: Panel, xa: Axis, ya: Axis, xTitle: string, yTitle: string, integerX = true): void {
  const c = PLOT_COLOURS;
  const th = GLYPH_HEIGHT * FONT;
  for (const v of ticks(ya)) {
    const y = Math.round(toY(p, ya, v));
    fillRect(img, p.x, y, p.w, 1, c.grid);
    fillRect(img, p.x - 6, y, 6, 1, c.axis);
    const label = formatTick(v);
    drawText(img, label, p.x - 10 - textWidth(label, FONT), y - (th >> 1), c.axis, FONT);
  }
  for (const v of ticks(xa)) {
    if (integerX && !Number.isInteger(v)) continue;
    const x = Math.round(toX(p, xa, v));
    fillRect(img, x, p.y, 1, p.h, c.grid);
    fillRect(img, x, p.y + p.h, 1, 6, c.axis);
    const label = formatTick(v);
    drawText(img, label, x - (textWidth(label, FONT) >> 1), p.y + p.h + 10, c.axis, FONT);
  }
  fillRect(img, p.x, p.y + p.h - 1, p.w, 2, c.axis);
  fillRect(img, p.x - 1, p.y, 2, p.h, c.axis);
  drawText(img, xTitle, p.x + ((p.w - textWidth(xTitle, FONT)) >> 1), p.y + p.h + 14 + th, c.axis, FONT);
  drawText(img, yTitle, 6, p.y + ((p.h - textWidth(yTitle, FONT)) >> 1), c.axis, FONT, true);
}

function drawCentred(img: Image, p: Panel, text: string): void {
  drawText(img, text, p.x + ((p.w - textWidth(text, FONT)) >> 1), p.y + (p.h >> 1), PLOT_COLOURS.axis, FONT);
}

function polyline(img: Image, p: Panel, xa: Axis, ya: Axis, xs: readonly number[], ys: readonly number[], rgb: Rgb, thickness: number, markers = false): void {
  let px = NaN;
  let py = NaN;
  for (let i = 0; i < xs.length; i++) {
    const yv = ys[i]!;
    if (!Number.isFinite(yv) || (ya.log && yv <= 0)) continue;
    const x = toX(p, xa, xs[i]!);
    const y = Math.min(p.y + p.h - 1, Math.max(p.y, toY(p, ya, yv)));
    if (Number.isFinite(px)) drawLine(img, px, py, x, y, rgb, thickness);
    if (markers) fillRect(img, x - thickness - 1, y - thickness - 1, 2 * thickness + 3, 2 * thickness + 3, rgb);
    px = x;
    py = y;
  }
}

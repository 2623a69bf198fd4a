// Training losses: MSE and the multi-scale Sobel edge loss (paper, Eq. 13–16).
import type { Graph, Value } from '../nn/index.js';
import { sobelDerivative, sobelSmoothing } from './sobel.js';

/** Weights and scales of Eq. 15–16. */
export interface LossConfig {
  /** λx, weight of the x-derivative (horizontal gradient) edge term. */
  readonly lambdaX: number;
  /** λy, weight of the y-derivative (vertical gradient) edge term. */
  readonly lambdaY: number;
  /** Sobel kernel sizes m, odd, px. */
  readonly scales: readonly number[];
  /**
   * Pixel term: 'mse' is Eq. 16's L_MSE; 'charbonnier' is √((I_d − I_s)² + ε²) averaged, a smooth L1
   * (not in the paper) that does not let the few large errors of heavy blur dominate the gradient;
   * 'psnr' is the mean over images of −PSNR (psnrLoss, not in the paper), the metric `dualpix eval`
   * averages, so that a clean image's small error counts as much as a blurred image's large one.
   */
  readonly pixel?: PixelLoss;
}

/** Pixel terms deblurLoss can use as the first term of Eq. 16. */
export type PixelLoss = 'mse' | 'charbonnier' | 'psnr';

/** ε of the PSNR loss, a squared [0,1] intensity: the loss is 10·log10(1 + MSE/ε), so 80 dB is its ceiling. */
export const PSNR_LOSS_EPS = 1e-8;

/** ε of the Charbonnier term, in [0,1] intensity units: below it the term is quadratic. */
export const CHARBONNIER_EPS = 1e-3;

/** The paper's values (Sec. 5): λx = 0.03, λy = 0.02, m ∈ {3, 7, 11}. */
export const DEFAULT_LOSS: LossConfig = { lambdaX: 0.03, lambdaY: 0.02, scales: [3, 7, 11] };

/** Loss of one frame: the total of Eq. 16 and its parts. */
export interface LossParts {
  /** L = L_pixel + λx·L_edge^x + λy·L_edge^y (Eq. 16 when the pixel term is MSE). */
  readonly total: Value;
  /** The pixel term (L_MSE of Eq. 16, or the Charbonnier term). */
  readonly mse: Value;
  /** L_edge^x (Eq. 15), unweighted. */
  readonly edgeX: Value;
  /** L_edge^y (Eq. 15), unweighted. */
  readonly edgeY: Value;
}

/** Mean squared error over every element (batch, channels, pixels); inputs in [0, 1] units. */
export function mseLoss(g: Graph, pred: Value, target: Value): Value {
  return g.mean(g.square(g.sub(pred, target)));
}

/** Charbonnier loss mean(√((pred − target)² + ε²)) − ε over every element; [0,1] units, 0 for a perfect prediction. */
export function charbonnierLoss(g: Graph, pred: Value, target: Value, eps = CHARBONNIER_EPS): Value {
  return g.sub(g.mean(g.sqrt(g.add(g.square(g.sub(pred, target)), eps * eps))), eps);
}

/**
 * Mean over the batch of 10·log10(1 + MSE_n/ε), MSE_n over image n's channels and pixels ([0,1]
 * units): 80 dB − PSNR_n for MSE_n ≫ ε, in dB, never negative. Its gradient is the MSE's scaled
 * by 1/(ε + MSE_n) per image: every image pulls by its relative error, so a model cannot buy a
 * lower mean squared error on heavily blurred images with small errors on clean ones (which
 * lowers the mean PSNR that evaluation reports).
 */
export function psnrLoss(g: Graph, pred: Value, target: Value, eps = PSNR_LOSS_EPS): Value {
  const perImage = g.mean(g.square(g.sub(pred, target)), [1, 2, 3]);
  return g.mean(g.mul(g.log(g.add(g.mul(perImage, 1 / eps), 1)), 10 / Math.LN10));
}

/** A depthwise 1-D kernel [C, 1, kh, kw] (kh = 1 or kw = 1) holding `taps` for every channel, made once per graph. */
function lineConstant(g: Graph, name: string, taps: readonly number[], channels: number, vertical: boolean): Value {
  const key = `${name}x${channels}`;
  const known = g.lookup(key);
  if (known !== undefined) return known;
  const m = taps.length;
  const data = new Float32Array(channels * m);
  for (let c = 0; c < channels; c++) data.set(taps, c * m);
  return g.constant(key, vertical ? [channels, 1, m, 1] : [channels, 1, 1, m], data);
}

/**
 * Multi-scale edge loss (Eq. 13–15): for each size m, G^x = I * S^x_m and G^y = I * S^y_m per
 * channel ('valid' convolution, as Keras' depthwise_conv2d in the reference, so borders add no
 * false edges); MSE(G_s, G_d) per direction; the mean over scales. By linearity G_d − G_s is
 * the Sobel response of I_d − I_s, so one pass per scale serves both images. S_m is the outer
 * product of a smoothing and a derivative vector (sobel.ts), so each response is two 1-D
 * passes (2m taps a pixel instead of m²; at m = 11 this was a tenth of a training step).
 */
export function edgeLoss(g: Graph, pred: Value, target: Value, scales: readonly number[]): { x: Value; y: Value } {
  if (scales.length === 0) throw new RangeError('edgeLoss: needs at least one Sobel size');
  const channels = pred.shape[1] as number;
  const diff = g.sub(pred, target);
  const xs: Value[] = [];
  const ys: Value[] = [];
  const pass = (v: Value, k: Value): Value => g.conv2d(v, k, null, { padding: 'valid', groups: channels });
  for (const m of scales) {
    const smoothV = lineConstant(g, `sobel${m}_smooth_v`, sobelSmoothing(m), channels, true);
    const smoothH = lineConstant(g, `sobel${m}_smooth_h`, sobelSmoothing(m), channels, false);
    const derivV = lineConstant(g, `sobel${m}_deriv_v`, sobelDerivative(m), channels, true);
    const derivH = lineConstant(g, `sobel${m}_deriv_h`, sobelDerivative(m), channels, false);
    // S^x[i][j] = s[i]·d[j]: smooth down the columns, differentiate along the rows; S^y the transpose.
    const gx = pass(pass(diff, smoothV), derivH);
    const gy = pass(pass(diff, derivV), smoothH);
    // Every channel has the same number of responses, so the mean over channels of per-channel means is the global mean.
    xs.push(g.mean(g.square(gx)));
    ys.push(g.mean(g.square(gy)));
  }
  const avg = (vs: Value[]): Value => g.mul(vs.reduce((a, b) => g.add(a, b)), 1 / vs.length);
  return { x: avg(xs), y: avg(ys) };
}

/** Eq. 16 for one frame: L = L_MSE + λx·L_edge^x + λy·L_edge^y. */
export function deblurLoss(g: Graph, pred: Value, target: Value, cfg: LossConfig = DEFAULT_LOSS): LossParts {
  const mse = cfg.pixel === 'charbonnier' ? charbonnierLoss(g, pred, target) : cfg.pixel === 'psnr' ? psnrLoss(g, pred, target) : mseLoss(g, pred, target);
  const edge = edgeLoss(g, pred, target, cfg.scales);
  const total = g.add(g.add(mse, g.mul(edge.x, cfg.lambdaX)), g.mul(edge.y, cfg.lambdaY));
  return { total, mse, edgeX: edge.x, edgeY: edge.y };
}

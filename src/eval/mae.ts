import type { Image } from '../image/index.js';
import { assertSameShape } from './same-shape.js';

/** Mean absolute error over every pixel and channel, in value units (the paper's MAE on [0,1] images). */
export function mae(pred: Image, gt: Image): number {
  assertSameShape(pred, gt, 'mae');
  const a = pred.data;
  const b = gt.data;
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] as number) - (b[i] as number));
  return sum / a.length;
}

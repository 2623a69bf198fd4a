// Validation of a training run: the inference graph (one frame, recurrent state carried from
// frame to frame of a sequence window, as at deblurring time) on the fixed validation crops.
import { buildInferenceNetwork, zeroState } from '../models/index.js';
import { InferenceRunner, type HostTensor, type ParamStore, type RuntimeOptions } from '../nn/index.js';
import type { TrainConfig } from './config.js';
import { networkOf } from './network.js';
import type { ValidationSet } from './validation.js';

/** Mean validation scores over every patch (a sequence window's frames count as patches). */
export interface ValidationScores {
  /** Mean squared error ([0,1] units squared): the L_MSE term of Eq. 16. */
  readonly loss: number;
  /** Mean per-patch PSNR, dB (peak 1). */
  readonly psnr: number;
  /** Mean absolute error, [0,1] units. */
  readonly mae: number;
  /** Mean per-patch PSNR of the blurred combined input (I_l + I_r)/2 against the target, dB: what the network must beat. */
  readonly inputPsnr: number;
  readonly patches: number;
}

/** Runs the validation set through the inference graph with `params`. */
export async function validate(params: ParamStore, config: TrainConfig, set: ValidationSet, runtime?: RuntimeOptions): Promise<ValidationScores> {
  const net = buildInferenceNetwork(networkOf(config));
  const runner = await InferenceRunner.create(net.graph, net.outputs, params, runtime);
  let se = 0;
  let ae = 0;
  let psnrSum = 0;
  let inputPsnrSum = 0;
  let patches = 0;
  let values = 0;
  try {
    for (const batch of set) {
      const seq = batch.kind === 'sequences';
      const frames = seq ? (batch.inputShape[0] as number) : 1;
      const inShape = seq ? batch.inputShape.slice(1) : batch.inputShape;
      const inSize = inShape.reduce((a, b) => a * b, 1);
      const n = inShape[0] as number;
      const tSize = inSize / (inShape[1] as number) * 3;
      let state = zeroState(runner, net, inShape);
      for (let t = 0; t < frames; t++) {
        const out = await runner.run({ [net.input]: { data: batch.input.subarray(t * inSize, (t + 1) * inSize), shape: inShape }, ...state });
        const y = (out[net.output] as HostTensor).data;
        const target = batch.target.subarray(t * tSize, (t + 1) * tSize);
        const per = tSize / n;
        const plane = per / 3;
        const channels = inShape[1] as number;
        const input = batch.input.subarray(t * inSize, (t + 1) * inSize);
        for (let i = 0; i < n; i++) {
          let sIn = 0;
          for (let c = 0; c < 3; c++) {
            const l = input.subarray((i * channels + c) * plane, (i * channels + c + 1) * plane);
            const r = input.subarray((i * channels + 3 + c) * plane, (i * channels + 4 + c) * plane);
            const tg = target.subarray(i * per + c * plane, i * per + (c + 1) * plane);
            for (let k = 0; k < plane; k++) {
              const d = 0.5 * ((l[k] as number) + (r[k] as number)) - (tg[k] as number);
              sIn += d * d;
            }
          }
          inputPsnrSum += 10 * Math.log10(1 / Math.max(sIn / per, 1e-10));
          let s = 0;
          for (let k = i * per; k < (i + 1) * per; k++) {
            const v = Math.min(1, Math.max(0, y[k] as number));
            const d = v - (target[k] as number);
            s += d * d;
            ae += Math.abs(d);
          }
          se += s;
          psnrSum += 10 * Math.log10(1 / Math.max(s / per, 1e-10));
          patches++;
        }
        values += tSize;
        state = Object.fromEntries(net.state.map((st) => [st.input, out[st.output] as HostTensor]));
      }
    }
  } finally {
    await runner.release();
  }
  return { loss: se / Math.max(1, values), psnr: psnrSum / Math.max(1, patches), mae: ae / Math.max(1, values), inputPsnr: inputPsnrSum / Math.max(1, patches), patches };
}

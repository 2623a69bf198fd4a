// A trained network as an evaluation method: the DP views of each frame in, state carried along a sequence.
import type { Image } from '../image/index.js';
import type { EvalMethod } from './eval-types.js';

/** What the runner needs of a model: the shape of src/deblur's Deblurrer (views sRGB [0,1] in, sharp estimate out). */
export interface SequenceModel {
  /** A fresh sequence; `next` deblurs frames in time order, carrying the recurrent state. */
  sequence(): { next(left: Image, right: Image): Promise<Image> };
}

/**
 * Wraps a model as the method `name`; each evaluated sample starts a fresh sequence. With
 * `state: 'reset'` every frame starts one, so a recurrent network sees each frame alone (the
 * paper's Table 2 compares the two).
 */
export function modelMethod(name: string, model: SequenceModel, description: string, state: 'carried' | 'reset' = 'carried'): EvalMethod {
  return {
    name, kind: 'model', description, timed: true, needsCoc: false,
    start() {
      if (state === 'reset') return { next: (f) => model.sequence().next(f.left, f.right) };
      const seq = model.sequence();
      return { next: (f) => seq.next(f.left, f.right) };
    },
  };
}

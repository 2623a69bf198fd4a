// The evaluation runner: every method on every frame of a dataset split, scored against the sharp
// targets (PSNR, SSIM, MAE, NIQE, time), per frame and averaged over the whole set and over subsets.
import { existsSync } from 'node:fs';
import { crop, InputError, readPng, type Image, ParameterError } from '../image/index.js';
import { openDataset, type Split } from '../data/index.js';
import { averageScores } from './averages.js';
import { compareImages } from './compare.js';
import { cropWindow } from './crop-window.js';
import { cocPath, evalSamples, limitSamples, loadFrame, readRenderInfo, type EvalFrameRef } from './eval-dataset.js';
import type { CropSet, DpFrame, EvalMethod, EvalResult, FrameResult, FrameScore, FrameStream } from './eval-types.js';
import { niqe, type NiqeModel } from './niqe.js';
import { NiqeFitter } from './niqe-fitter.js';
import { inSubset, type Subset } from './subsets.js';

/** Options of evaluate. */
export interface EvaluateOptions {
  /** Dataset folder (DPDD layout or `dualpix dataset` output). */
  readonly data: string;
  /** Split to evaluate; default 'test'. */
  readonly split?: Split;
  /** Methods, in table order; names must be unique. */
  readonly methods: readonly EvalMethod[];
  /** Score NIQE against a model fitted from every sharp target of the split (default true). */
  readonly niqe?: boolean;
  /** Named subsets of the frames, each averaged on its own. */
  readonly subsets?: readonly Subset[];
  /** Crops kept for the visual report: `count` frames (default 3), `size`×`size` px windows (default 256). */
  readonly crops?: { readonly count?: number; readonly size?: number };
  /** Evaluate only the first N frames (whole sequences in order); null or absent: all. */
  readonly limit?: number | null;
  /** Called after each frame (and while fitting NIQE) with frames done and total. */
  readonly onProgress?: (done: number, total: number, stage: 'niqe' | 'eval') => void;
}

/** Default number of frames shown in the visual report. */
export const DEFAULT_CROP_COUNT = 3;
/** Default side of the report's 1:1 crops, px. */
export const DEFAULT_CROP_SIZE = 256;

/**
 * Runs every method over the split's samples: single images one frame each, sequences frame by
 * frame in time order through one stream per method (state carried). Scores each output against
 * `{split}_c/target`; methods that need a CoC map are dropped with a note when the dataset has
 * none. Throws InputError for an unreadable dataset or a subset that matches no evaluated frame.
 */
export async function evaluate(options: EvaluateOptions): Promise<EvalResult> {
  const split = options.split ?? 'test';
  const names = options.methods.map((m) => m.name);
  if (new Set(names).size !== names.length) throw new RangeError(`evaluate: method names must be unique, got ${names.join(', ')}`);
  if (options.methods.length === 0) throw new RangeError('evaluate: no methods');
  const dataset = openDataset(options.data, split);
  const all = evalSamples(dataset);
  const samples = limitSamples(all, options.limit ?? null);
  const refs = samples.flatMap((s) => s.frames);
  const info = readRenderInfo(options.data);
  const subsets = options.subsets ?? [];
  const notes: string[] = [];

  const subsetInfo = subsets.map((s) => {
    const matched = refs.filter((r) => inSubset(s, r.id, r.sequence)).length;
    if (matched === 0) throw new InputError(s.file, `the ${s.name} subset names none of the ${refs.length} evaluated frames (e.g. ${refs[0]?.id ?? '?'})`);
    return { name: s.name, file: s.file, names: s.names.size, matched };
  });

  const hasCoc = refs.some((r) => existsSync(cocPath(options.data, r, info)));
  const methods = options.methods.filter((m) => hasCoc || !m.needsCoc);
  const dropped = options.methods.filter((m) => !methods.includes(m)).map((m) => m.name);
  if (dropped.length > 0) notes.push(`${dropped.join(', ')} skipped: the dataset has no CoC maps (${split}_coc/NAME.pfm), as for the real DPDD data.`);
  if (methods.length === 0) throw new ParameterError('options.methods', `every method needs CoC maps, which ${options.data} does not have`);
  if (info.size === 0 && methods.some((m) => m.needsCoc)) notes.push('No manifest.jsonl: the deconvolution baselines use the default PSF parameters.');

  const allRefs = all.flatMap((s) => s.frames);
  const niqeModel = options.niqe === false ? null : fitNiqe(allRefs, options.onProgress);
  if (!niqeModel) notes.push('NIQE was not computed.');
  else if (!niqeModel.model) notes.push('NIQE not computed: the sharp targets give fewer than 2 usable 96×96 patches.');

  const cropCount = Math.min(options.crops?.count ?? DEFAULT_CROP_COUNT, refs.length);
  const cropSize = options.crops?.size ?? DEFAULT_CROP_SIZE;
  const cropAt = new Set(Array.from({ length: cropCount }, (_, i) => Math.floor(((i + 0.5) * refs.length) / cropCount)));

  const first = refs[0];
  const models = methods.filter((m) => m.kind === 'model');
  if (first && models.length > 0) {
    const { frame } = loadFrame(options.data, first, info);
    for (const m of models) await m.start().next(frame);
  }

  const frames: FrameResult[] = [];
  const crops: CropSet[] = [];
  options.onProgress?.(0, refs.length, 'eval');
  let missingCoc = 0;
  let niqeFailed = 0;
  for (const sample of samples) {
    const streams = new Map<string, FrameStream>(methods.map((m) => [m.name, m.start()]));
    for (const ref of sample.frames) {
      const index = frames.length;
      const { frame, target } = loadFrame(options.data, ref, info);
      if (!frame.coc && methods.some((m) => m.needsCoc)) missingCoc++;
      const scores: Record<string, FrameScore | null> = {};
      const outputs: { method: string; image: Image }[] = [];
      for (const m of methods) {
        const run = frame.coc || !m.needsCoc ? await runMethod(m, streams.get(m.name)!, frame, target, ref.id, niqeModel?.model ?? null) : null;
        scores[m.name] = run?.score ?? null;
        if (run && run.score.niqe === null && niqeModel?.model) niqeFailed++;
        // The input row's output is the blurred image the crop set already holds.
        if (run && cropAt.has(index) && m.name !== 'input') outputs.push({ method: m.name, image: run.output });
      }
      frames.push({
        id: ref.id, sequence: ref.sequence, frame: ref.frame, width: target.width, height: target.height,
        subsets: subsets.filter((s) => inSubset(s, ref.id, ref.sequence)).map((s) => s.name), scores,
      });
      if (cropAt.has(index)) crops.push(cropSet(ref, frame.combined, target, outputs, cropSize));
      options.onProgress?.(frames.length, refs.length, 'eval');
    }
  }
  if (missingCoc > 0) notes.push(`${missingCoc} of ${frames.length} frames have no CoC map; the deconvolution baselines skip them.`);
  if (niqeFailed > 0) notes.push(`NIQE undefined for ${niqeFailed} outputs (smaller than 96×96 px, or flat).`);

  const methodNames = methods.map((m) => m.name);
  return {
    metrics: {
      format: 'dualpix-eval/1',
      settings: {
        data: options.data, split, frames: frames.length, framesInSplit: allRefs.length, limit: options.limit ?? null,
        niqe: niqeModel?.model ? { images: niqeModel.images, patches: niqeModel.model.patches } : null,
        subsets: subsetInfo, warmup: models.length > 0,
        averaging: 'mean over frames of each per-frame metric (PSNR averaged in dB, as the paper); time is wall-clock seconds per frame',
        createdAt: new Date().toISOString(),
      },
      methods: methods.map((m) => ({ name: m.name, kind: m.kind, description: m.description })),
      frames,
      averages: averageScores(frames, methodNames, subsets.map((s) => s.name)),
      notes,
    },
    crops,
  };
}

function fitNiqe(refs: readonly EvalFrameRef[], onProgress: EvaluateOptions['onProgress']): { model: NiqeModel | null; images: number } {
  const fitter = new NiqeFitter();
  onProgress?.(0, refs.length, 'niqe');
  refs.forEach((ref, i) => {
    fitter.add(readPng(ref.files.target).image);
    onProgress?.(i + 1, refs.length, 'niqe');
  });
  return { model: fitter.model(), images: fitter.images };
}

/** One method on one frame: its output, timed, and the output's scores. */
async function runMethod(m: EvalMethod, stream: FrameStream, frame: DpFrame, target: Image, id: string, model: NiqeModel | null): Promise<{ output: Image; score: FrameScore }> {
  const t0 = performance.now();
  const output = await stream.next(frame);
  const seconds = (performance.now() - t0) / 1000;
  if (output.width !== target.width || output.height !== target.height || output.channels !== target.channels) {
    throw new Error(`${m.name} returned ${output.width}x${output.height}x${output.channels} for ${id}, expected ${target.width}x${target.height}x${target.channels}`);
  }
  const niqeScore = model ? niqeOf(output, model) : null;
  return { output, score: { ...compareImages(output, target), niqe: niqeScore, timeS: m.timed ? seconds : null } };
}

function niqeOf(img: Image, model: NiqeModel): number | null {
  try {
    return niqe(img, model);
  } catch (err) {
    if (err instanceof RangeError) return null;
    throw err;
  }
}

function cropSet(ref: EvalFrameRef, input: Image, target: Image, outputs: { method: string; image: Image }[], size: number): CropSet {
  const w = cropWindow(input, target, size);
  const cut = (im: Image): Image => crop(im, w.x0, w.y0, w.width, w.height);
  return { id: ref.id, ...w, input: cut(input), target: cut(target), outputs: outputs.map((o) => ({ method: o.method, image: cut(o.image) })) };
}

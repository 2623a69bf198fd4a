// The training schedule of mini-batches (paper, Sec. 5): random crops at every iteration,
// DP-safe flips, the flattest candidates dropped, and image batches alternating with sequence
// batches when the data has both (real single images and synthetic sequences).
//
// Epoch: one pass over the records — every single image is the record of one patch slot and every
// long-enough sequence the record of one window slot, in a seeded random order; the last batch
// of each kind is filled up from the start of that order so that every batch has the full,
// fixed shape a compiled training graph expects. Batch b of epoch e is a pure function of
// (seed, e, b): a run resumed at any step sees exactly the batches it would have seen.
import type { DatasetSplit, FrameFiles, PairRecord, SequenceRecord } from '../data/index.js';
import { InputError, Rng, ParameterError } from '../image/index.js';
import { ImageCache } from './image-cache.js';
import type { PatchWindow } from './augment.js';
import { checkPatchFits, drawWindow } from './patches.js';
import { patchSharpness, sharpestPerSlot } from './sharpness.js';
import { assembleImageBatch, assembleSequenceBatch, type Batch, type BatchKind } from './tensors.js';

// Salts of the random streams drawn from (seed, epoch, …): one name per kind of draw.
const IMAGE_ORDER_STREAM = 1;
const SEQUENCE_ORDER_STREAM = 2;
const BATCH_DRAW_STREAM = 3;

/** Settings of a BatchSampler. */
export interface SamplerOptions {
  /** Square patch side, px (512 in the paper). Every training image must be at least this big. */
  readonly patch: number;
  /** Single images per image batch (8 in the paper). */
  readonly batchImages: number;
  /** Sequences per sequence batch (2 in the paper). */
  readonly batchSequences: number;
  /** Consecutive frames per sequence window (4 in the paper); shorter sequences are skipped. */
  readonly seqLength: number;
  /** Add the radial distance channel (RDPD: 7 input channels) or not (DPDNet: 6). */
  readonly radial: boolean;
  /** Random horizontal (with L/R swap) and vertical flips. */
  readonly flips: boolean;
  /**
   * Candidate crops drawn per slot; each slot keeps its sharpest (k = 2 drops the flatter of two
   * crops of the same record; 1 keeps every draw).
   */
  readonly candidates: number;
  /**
   * What ranks the candidates: 'target' the sharpness of the sharp target (the DPDNet reference's
   * choice), 'lost' the sharpness the blurred input lost (target's minus the combined input's), which
   * also drops in-focus crops that have nothing to deblur. Default 'target'.
   */
  readonly candidateScore?: CandidateScore;
  readonly seed: number;
  /** Decoded-image cache; a 1 GiB one is made when absent. */
  readonly cache?: ImageCache;
}

/** How candidate crops are ranked (see SamplerOptions.candidateScore). */
export type CandidateScore = 'target' | 'lost';

/** One entry of an epoch's plan: the kind of batch and the record indices of its slots. */
export interface BatchPlan {
  readonly kind: BatchKind;
  readonly records: readonly number[];
}

/** Draws the training batches of a dataset split; see the file comment for the epoch definition. */
export class BatchSampler {
  /** Batches in one epoch (image and sequence batches together). */
  readonly batchesPerEpoch: number;
  /** Sequences with fewer frames than seqLength, left out of training. */
  readonly skippedSequences: readonly string[];
  readonly images: readonly PairRecord[];
  readonly sequences: readonly SequenceRecord[];
  readonly cache: ImageCache;
  private planEpoch = -1;
  private planCache: readonly BatchPlan[] = [];

  constructor(
    data: DatasetSplit,
    readonly options: SamplerOptions,
  ) {
    const o = options;
    for (const [key, v] of [
      ['patch', o.patch],
      ['batchImages', o.batchImages],
      ['batchSequences', o.batchSequences],
      ['seqLength', o.seqLength],
      ['candidates', o.candidates],
    ] as const) {
      if (!Number.isInteger(v) || v < 1) throw new RangeError(`BatchSampler: ${key} must be a positive integer, got ${v}`);
    }
    this.images = data.images;
    this.sequences = data.sequences.filter((s) => s.frames.length >= o.seqLength);
    this.skippedSequences = data.sequences.filter((s) => s.frames.length < o.seqLength).map((s) => s.name);
    if (this.images.length === 0 && this.sequences.length === 0) {
      throw new ParameterError('options.seqLength', `no ${data.split} sequence in ${data.dir} has ${o.seqLength} frames, and there are no single images`);
    }
    checkPatchFits(o.patch, this.images);
    checkPatchFits(o.patch, this.sequences.map((s) => ({ width: s.width, height: s.height, left: s.frames[0]!.left })));
    this.cache = o.cache ?? new ImageCache();
    this.batchesPerEpoch = Math.ceil(this.images.length / o.batchImages) + Math.ceil(this.sequences.length / o.batchSequences);
  }

  /**
   * The batches of an epoch (0-based) in order: image and sequence batches alternate, image
   * first, until one kind runs out; the rest follow.
   */
  plan(epoch: number): readonly BatchPlan[] {
    if (epoch === this.planEpoch) return this.planCache;
    const o = this.options;
    const imageBatches = slots(this.images.length, o.batchImages, Rng.derive(o.seed, epoch, IMAGE_ORDER_STREAM));
    const seqBatches = slots(this.sequences.length, o.batchSequences, Rng.derive(o.seed, epoch, SEQUENCE_ORDER_STREAM));
    const plan: BatchPlan[] = [];
    for (let i = 0; i < Math.max(imageBatches.length, seqBatches.length); i++) {
      const im = imageBatches[i];
      const sq = seqBatches[i];
      if (im) plan.push({ kind: 'images', records: im });
      if (sq) plan.push({ kind: 'sequences', records: sq });
    }
    this.planEpoch = epoch;
    this.planCache = plan;
    return plan;
  }

  /** Batch `index` (0-based) of `epoch`: crops, flips and the sharpness selection drawn from (seed, epoch, index). */
  batch(epoch: number, index: number): Batch {
    const entry = this.plan(epoch)[index];
    if (!entry) throw new RangeError(`BatchSampler.batch: epoch has ${this.batchesPerEpoch} batches, asked for ${index}`);
    const rng = Rng.derive(this.options.seed, epoch, index, BATCH_DRAW_STREAM);
    return entry.kind === 'images' ? this.imageBatch(entry.records, rng, epoch, index) : this.sequenceBatch(entry.records, rng, epoch, index);
  }

  /** The batches of `epoch` from index `from` on (a resumed run starts mid-epoch). */
  *epoch(epoch: number, from = 0): Generator<Batch> {
    for (let i = from; i < this.batchesPerEpoch; i++) yield this.batch(epoch, i);
  }

  /** The (epoch, index) of global step `step` (0-based, one batch per step). */
  locate(step: number): { epoch: number; index: number } {
    return { epoch: Math.floor(step / this.batchesPerEpoch), index: step % this.batchesPerEpoch };
  }

  /** Candidate score of a crop (see SamplerOptions.candidateScore); value units² of [0,1] data. */
  private score(files: FrameFiles, win: PatchWindow): number {
    const sharp = patchSharpness(this.cache.get(files.target), win.x0, win.y0, win.size);
    if (this.options.candidateScore !== 'lost') return sharp;
    // The combined image when the dataset has it; otherwise the left view, blurred by half the aperture.
    return sharp - patchSharpness(this.cache.get(files.combined ?? files.left), win.x0, win.y0, win.size);
  }

  private imageBatch(slotsOf: readonly number[], rng: Rng, epoch: number, index: number): Batch {
    const o = this.options;
    const recs: PairRecord[] = [];
    const wins: PatchWindow[] = [];
    const scores: number[] = [];
    for (const r of slotsOf) {
      const rec = this.images[r]!;
      for (let k = 0; k < o.candidates; k++) {
        const win = drawWindow(rng, rec.width, rec.height, o.patch, o.flips);
        recs.push(rec);
        wins.push(win);
        scores.push(o.candidates > 1 ? this.score(rec, win) : 0);
      }
    }
    const keep = sharpestPerSlot(scores, o.candidates);
    return assembleImageBatch(
      keep.map((i) => recs[i]!),
      keep.map((i) => wins[i]!),
      { radial: o.radial, cache: this.cache },
      epoch,
      index,
    );
  }

  private sequenceBatch(slotsOf: readonly number[], rng: Rng, epoch: number, index: number): Batch {
    const o = this.options;
    const seqs: SequenceRecord[] = [];
    const starts: number[] = [];
    const wins: PatchWindow[] = [];
    const scores: number[] = [];
    for (const r of slotsOf) {
      const seq = this.sequences[r]!;
      for (let k = 0; k < o.candidates; k++) {
        const f0 = rng.int(seq.frames.length - o.seqLength + 1);
        const win = drawWindow(rng, seq.width, seq.height, o.patch, o.flips);
        let score = 0;
        if (o.candidates > 1) {
          for (let t = 0; t < o.seqLength; t++) score += this.score(seq.frames[f0 + t]!, win);
        }
        seqs.push(seq);
        starts.push(f0);
        wins.push(win);
        scores.push(score / o.seqLength);
      }
    }
    const keep = sharpestPerSlot(scores, o.candidates);
    return assembleSequenceBatch(
      keep.map((i) => seqs[i]!),
      keep.map((i) => starts[i]!),
      keep.map((i) => wins[i]!),
      o.seqLength,
      { radial: o.radial, cache: this.cache },
      epoch,
      index,
    );
  }
}

/** Splits a seeded permutation of 0..count−1 into batches of `size`, the last filled from the start. */
function slots(count: number, size: number, rng: Rng): number[][] {
  if (count === 0) return [];
  const perm = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [perm[i], perm[j]] = [perm[j]!, perm[i]!];
  }
  const out: number[][] = [];
  for (let b = 0; b < Math.ceil(count / size); b++) {
    out.push(Array.from({ length: size }, (_, i) => perm[(b * size + i) % count]!));
  }
  return out;
}

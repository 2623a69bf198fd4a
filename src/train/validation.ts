// A fixed validation set: the same patches every epoch, so that validation curves measure the
// model and not the luck of the crops. No flips; no sharpness selection (it would bias the metric).
// Batches are assembled on demand: held at once, 32 DPDD-sized sequence windows would take gigabytes.
import type { DatasetSplit, SequenceRecord } from '../data/index.js';
import { Rng } from '../image/index.js';
import { ImageCache } from './image-cache.js';
import type { PatchWindow } from './augment.js';
import { centreWindow, checkPatchFits } from './patches.js';
import { assembleImageBatch, assembleSequenceBatch, type Batch, type BatchKind } from './tensors.js';

/** Salt of the stream that picks where a repeated validation sequence starts. */
const VAL_START_STREAM = 7;

/** Settings of a ValidationSet. */
export interface ValidationOptions {
  /** Square patch side, px. */
  readonly patch: number;
  readonly batchImages: number;
  readonly batchSequences: number;
  readonly seqLength: number;
  readonly radial: boolean;
  /**
   * Patches wanted of each kind, rounded up to whole batches; a sequence window counts as
   * seqLength patches. 0 gives an empty set.
   */
  readonly count: number;
  readonly seed: number;
  readonly cache?: ImageCache;
}

/**
 * The fixed validation batches of a split: image batches first, then sequence batches, each
 * with `epoch` −1. Crop k of a kind uses record k mod n in name order; the first pass over the
 * records takes centre crops (frames 0…T−1 of sequences), later passes seeded positions drawn
 * from (seed, record, pass). Sequences shorter than seqLength are left out; an empty split gives
 * an empty set.
 */
export class ValidationSet {
  /** Number of batches. */
  readonly length: number;
  private readonly imageBatches: number;
  private readonly sequences: readonly SequenceRecord[];
  private readonly cache: ImageCache;

  constructor(
    private readonly data: DatasetSplit,
    private readonly options: ValidationOptions,
  ) {
    const o = options;
    this.sequences = data.sequences.filter((s) => s.frames.length >= o.seqLength);
    checkPatchFits(o.patch, data.images);
    checkPatchFits(o.patch, this.sequences.map((s) => ({ width: s.width, height: s.height, left: s.frames[0]!.left })));
    this.cache = o.cache ?? new ImageCache();
    this.imageBatches = data.images.length > 0 ? Math.ceil(o.count / o.batchImages) : 0;
    const windows = Math.ceil(o.count / o.seqLength);
    this.length = this.imageBatches + (this.sequences.length > 0 ? Math.ceil(windows / o.batchSequences) : 0);
  }

  /** The kind of batch `index`. */
  kind(index: number): BatchKind {
    return index < this.imageBatches ? 'images' : 'sequences';
  }

  /** Validation batch `index` (0-based), the same on every call. */
  batch(index: number): Batch {
    if (!(index >= 0 && index < this.length && Number.isInteger(index))) throw new RangeError(`ValidationSet.batch: ${index} is not in [0, ${this.length})`);
    const o = this.options;
    const assemble = { radial: o.radial, cache: this.cache };
    if (index < this.imageBatches) {
      const images = this.data.images;
      const ks = Array.from({ length: o.batchImages }, (_, i) => index * o.batchImages + i);
      const recs = ks.map((k) => images[k % images.length]!);
      const wins = ks.map((k, i) => fixedWindow(recs[i]!.width, recs[i]!.height, o.patch, o.seed, k % images.length, Math.floor(k / images.length)));
      return assembleImageBatch(recs, wins, assemble, -1, index);
    }
    const b = index - this.imageBatches;
    const seqs = this.sequences;
    const ks = Array.from({ length: o.batchSequences }, (_, i) => b * o.batchSequences + i);
    const chosen = ks.map((k) => seqs[k % seqs.length]!);
    const starts = ks.map((k, i) => {
      const pass = Math.floor(k / seqs.length);
      return pass === 0 ? 0 : Rng.derive(o.seed, k % seqs.length, pass, VAL_START_STREAM).int(chosen[i]!.frames.length - o.seqLength + 1);
    });
    const wins = ks.map((k, i) => fixedWindow(chosen[i]!.width, chosen[i]!.height, o.patch, o.seed, k % seqs.length, Math.floor(k / seqs.length)));
    return assembleSequenceBatch(chosen, starts, wins, o.seqLength, assemble, -1, index);
  }

  /** Every batch in order, assembled one at a time. */
  *[Symbol.iterator](): Generator<Batch> {
    for (let i = 0; i < this.length; i++) yield this.batch(i);
  }
}

function fixedWindow(width: number, height: number, size: number, seed: number, record: number, pass: number): PatchWindow {
  if (pass === 0) return centreWindow(width, height, size);
  const rng = Rng.derive(seed, record, pass);
  return { x0: rng.int(width - size + 1), y0: rng.int(height - size + 1), size, flipX: false, flipY: false };
}

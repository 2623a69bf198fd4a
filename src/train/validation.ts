// A fixed validation set: the same patches every epoch, so that validation curves measure the
// model and not the luck of the crops. No flips; no sharpness selection (it would bias the metric).
import { Rng } from '../image/index.js';
import type { DatasetSplit, PairRecord, SequenceRecord } from './dataset-reader.js';
import { ImageCache } from './image-cache.js';
import type { PatchWindow } from './augment.js';
import { centreWindow, checkPatchFits } from './patches.js';
import { assembleImageBatch, assembleSequenceBatch, type Batch } from './tensors.js';

/** Settings of validationBatches. */
export interface ValidationOptions {
  /** Square patch side, px. */
  readonly patch: number;
  readonly batchImages: number;
  readonly batchSequences: number;
  readonly seqLength: number;
  readonly radial: boolean;
  /** Patches wanted of each kind (image patches, sequence windows); rounded up to whole batches. */
  readonly count: number;
  readonly seed: number;
  readonly cache?: ImageCache;
}

/**
 * The validation batches of a split, image batches first, then sequence batches (`epoch` −1).
 * Crop k uses record k mod n in name order: the first pass over the records takes centre crops
 * (frames 0…T−1 for sequences), later passes seeded positions (seed, record, pass).
 * Sequences shorter than seqLength are left out. An empty split gives no batches.
 */
export function validationBatches(data: DatasetSplit, options: ValidationOptions): Batch[] {
  const o = options;
  const cache = o.cache ?? new ImageCache();
  const assemble = { radial: o.radial, cache };
  const sequences = data.sequences.filter((s) => s.frames.length >= o.seqLength);
  checkPatchFits(o.patch, data.images);
  checkPatchFits(o.patch, sequences.map((s) => ({ width: s.width, height: s.height, left: s.frames[0]!.left })));
  const out: Batch[] = [];
  const imageCount = roundUp(data.images.length > 0 ? o.count : 0, o.batchImages);
  for (let b = 0; b * o.batchImages < imageCount; b++) {
    const recs: PairRecord[] = [];
    const wins: PatchWindow[] = [];
    for (let i = 0; i < o.batchImages; i++) {
      const k = b * o.batchImages + i;
      const r = k % data.images.length;
      const rec = data.images[r]!;
      recs.push(rec);
      wins.push(fixedWindow(rec.width, rec.height, o.patch, o.seed, r, Math.floor(k / data.images.length)));
    }
    out.push(assembleImageBatch(recs, wins, assemble, -1, out.length));
  }
  const seqCount = roundUp(sequences.length > 0 ? o.count : 0, o.batchSequences);
  for (let b = 0; b * o.batchSequences < seqCount; b++) {
    const seqs: SequenceRecord[] = [];
    const starts: number[] = [];
    const wins: PatchWindow[] = [];
    for (let i = 0; i < o.batchSequences; i++) {
      const k = b * o.batchSequences + i;
      const r = k % sequences.length;
      const seq = sequences[r]!;
      const pass = Math.floor(k / sequences.length);
      seqs.push(seq);
      starts.push(pass === 0 ? 0 : Rng.derive(o.seed, r, pass, 7).int(seq.frames.length - o.seqLength + 1));
      wins.push(fixedWindow(seq.width, seq.height, o.patch, o.seed, r, pass));
    }
    out.push(assembleSequenceBatch(seqs, starts, wins, o.seqLength, assemble, -1, out.length));
  }
  return out;
}

function fixedWindow(width: number, height: number, size: number, seed: number, record: number, pass: number): PatchWindow {
  if (pass === 0) return centreWindow(width, height, size);
  const rng = Rng.derive(seed, record, pass);
  return { x0: rng.int(width - size + 1), y0: rng.int(height - size + 1), size, flipX: false, flipY: false };
}

function roundUp(n: number, step: number): number {
  return Math.ceil(n / step) * step;
}

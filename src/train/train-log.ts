// The training log: JSON lines, one record per logged step and one per epoch, appended as
// training runs so that a crash loses at most the line being written. On resume the records
// after the checkpoint's step are dropped: the resumed run will produce them again.
import { appendFileSync } from 'node:fs';
import { readJsonLines, writeFileAtomic } from '../image/index.js';

/** File name of the training log inside the output folder. */
export const TRAIN_LOG_NAME = 'train-log.jsonl';

/** A logged training step. */
export interface StepRecord {
  readonly kind: 'step';
  /** Epoch, 0-based. */
  readonly epoch: number;
  /** Global step, 1-based: the number of optimizer steps taken so far. */
  readonly step: number;
  /** Training loss of this step's batch (Eq. 16). */
  readonly loss: number;
  /** Learning rate used. */
  readonly lr: number;
  /** Throughput since the previous step record, patches per second (a sequence window counts its frames). */
  readonly patchesPerSec: number;
  /** Wall-clock time of the record, ISO 8601. */
  readonly time: string;
  /** Seconds of training so far, across resumes. */
  readonly elapsedS: number;
}

/** The summary of a finished epoch; validation fields are absent when it was not validated. */
export interface EpochRecord {
  readonly kind: 'epoch';
  readonly epoch: number;
  /** Global step at the end of the epoch. */
  readonly step: number;
  /** Mean training loss (Eq. 16: MSE + edge terms) over the epoch's steps. */
  readonly trainLoss: number;
  readonly lr: number;
  /** Validation MSE over the fixed validation set (the MSE term of Eq. 16 alone, no edge terms). */
  readonly valLoss?: number;
  /** Validation PSNR, dB. */
  readonly valPsnr?: number;
  /** PSNR of the blurred combined input on the same validation patches, dB (the network's gain is valPsnr − this). */
  readonly valInputPsnr?: number;
  /** Validation mean absolute error ([0,1] units). */
  readonly valMae?: number;
  readonly time: string;
  readonly elapsedS: number;
}

/** One line of the training log. */
export type TrainLogRecord = StepRecord | EpochRecord;

/**
 * Reads a training log; a torn last line (a crash mid-write) and lines that are not records
 * are skipped rather than failing a resume. A missing file is an empty log.
 */
export function readTrainLog(path: string): TrainLogRecord[] {
  return readJsonLines(path).values.filter(isRecord);
}

function isRecord(v: unknown): v is TrainLogRecord {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return (r.kind === 'step' || r.kind === 'epoch') && typeof r.step === 'number' && typeof r.epoch === 'number';
}

/** Appends records to a JSON-lines training log. */
export class TrainLog {
  private constructor(readonly path: string) {}

  /**
   * Opens `path` for appending. With `resumeStep` (the checkpoint's global step) the log is
   * first rewritten, atomically, without the records whose step is beyond it; without it a
   * fresh log is started.
   */
  static open(path: string, resumeStep?: number): TrainLog {
    const kept = resumeStep === undefined ? [] : readTrainLog(path).filter((r) => r.step <= resumeStep);
    writeFileAtomic(path, kept.map((r) => `${JSON.stringify(r)}\n`).join(''));
    return new TrainLog(path);
  }

  /** Appends one record as one line. */
  append(record: TrainLogRecord): void {
    appendFileSync(this.path, `${JSON.stringify(record)}\n`);
  }

  /** Every record in the file now. */
  records(): TrainLogRecord[] {
    return readTrainLog(this.path);
  }
}


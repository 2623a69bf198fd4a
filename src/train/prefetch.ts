// Draws training batches on a worker thread while ONNX Runtime runs the current step. The
// onnxruntime-node binding holds the calling thread for the whole of session.run, so batches drawn
// on the main thread (decode, crops, candidate ranking: about a quarter of a width-0.25 step) add
// to every step; on their own thread they overlap it.
import type { Worker } from 'node:worker_threads';
import { reviveError, startModuleWorker, type SerializedError } from '../image/index.js';
import type { TrainConfig } from './config.js';
import type { Batch } from './tensors.js';

/** A request to the batch worker. */
export interface PrefetchRequest {
  readonly epoch: number;
  readonly index: number;
}

/** The batch worker's answer to one request, in request order. */
export type PrefetchReply =
  | { readonly kind: 'batch'; readonly batch: Batch }
  | { readonly kind: 'error'; readonly error: SerializedError };

/** A request waiting for its reply; replies come in request order, so position identifies it. */
interface Pending {
  readonly resolve: (b: Batch) => void;
  readonly reject: (e: Error) => void;
}

/** Training batches of a run drawn ahead on one worker thread; `take` returns them in request order. */
export class BatchPrefetcher {
  private readonly pending: Pending[] = [];
  private readonly ready = new Map<string, Promise<Batch>>();
  private failure: Error | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (msg: PrefetchReply) => {
      const p = this.pending.shift();
      if (!p) return;
      if (msg.kind === 'batch') p.resolve(msg.batch);
      else p.reject(reviveError(msg.error));
    });
    const fail = (err: Error): void => {
      this.failure = err;
      for (const p of this.pending.splice(0)) p.reject(err);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`training batch worker exited (code ${code})`)));
  }

  /** Starts the worker on `config`'s training data (the same sampler openTrainingData builds). */
  static start(config: TrainConfig): BatchPrefetcher {
    return new BatchPrefetcher(startModuleWorker(import.meta.url, 'batch-worker', { workerData: config }));
  }

  /** Asks for batch `index` of `epoch` to be drawn now (idempotent). */
  request(epoch: number, index: number): void {
    const key = `${epoch}/${index}`;
    if (this.ready.has(key)) return;
    const promise = new Promise<Batch>((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.pending.push({ resolve, reject });
      this.worker.postMessage({ epoch, index } satisfies PrefetchRequest);
    });
    promise.catch(() => undefined); // rejected batches are reported by take(), not as unhandled
    this.ready.set(key, promise);
  }

  /** Batch `index` of `epoch` (requested now if it was not): the same batch BatchSampler.batch draws. */
  take(epoch: number, index: number): Promise<Batch> {
    this.request(epoch, index);
    const key = `${epoch}/${index}`;
    const promise = this.ready.get(key) as Promise<Batch>;
    this.ready.delete(key);
    return promise;
  }

  /** Stops the worker; batches still pending are dropped. */
  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}

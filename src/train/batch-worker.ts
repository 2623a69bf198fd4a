// Worker-thread entry of BatchPrefetcher: the run's own BatchSampler, with its own image cache,
// answering batch(epoch, index) requests. Batches are pure functions of (seed, epoch, index), so
// the thread that draws them does not change them.
import { parentPort, workerData } from 'node:worker_threads';
import { serializeError } from '../image/index.js';
import type { BatchSampler } from './batches.js';
import type { PrefetchReply, PrefetchRequest } from './prefetch.js';
import type { TrainConfig } from './config.js';
import { ImageCache } from './image-cache.js';
import { openTrainSampler } from './training-data.js';

const port = parentPort;
if (!port) throw new Error('batch-worker must run in a worker thread');
const config = workerData as TrainConfig;
// Opening checks every file's size: a bad file is then the answer to each request, not a crash.
let sampler: BatchSampler | undefined;
let openError: unknown;
try {
  sampler = openTrainSampler(config, new ImageCache(config.cacheMb * 1024 * 1024));
} catch (err) {
  openError = err;
}

port.on('message', (msg: PrefetchRequest) => {
  try {
    if (!sampler) throw openError;
    const batch = sampler.batch(msg.epoch, msg.index);
    port.postMessage({ kind: 'batch', batch } satisfies PrefetchReply, [batch.input.buffer as ArrayBuffer, batch.target.buffer as ArrayBuffer]);
  } catch (err) {
    port.postMessage({ kind: 'error', error: serializeError(err) } satisfies PrefetchReply);
  }
});

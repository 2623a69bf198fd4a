// Worker thread entry of the render pool: takes bands of each task it is sent.
import { parentPort } from 'node:worker_threads';
import { BandScratch } from './render-band.js';
import { ACTIVE, FAILED, WORKER_BANDS, workBands, type BandTask } from './render-pool.js';

const scratch = new BandScratch();

parentPort?.on('message', (task: BandTask) => {
  const c = task.control;
  Atomics.add(c, ACTIVE, 1);
  try {
    workBands(task, scratch, WORKER_BANDS);
  } catch (err) {
    if (Atomics.compareExchange(c, FAILED, 0, 1) === 0) {
      const bytes = new TextEncoder().encode(String((err as Error).stack ?? err)).subarray(0, task.error.length);
      task.error.set(bytes);
    }
  } finally {
    Atomics.sub(c, ACTIVE, 1);
    Atomics.notify(c, ACTIVE);
  }
});

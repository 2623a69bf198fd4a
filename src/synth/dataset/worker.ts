// Worker-thread entry: loads the job module named in workerData and runs the jobs the pool sends.
import { parentPort, workerData } from 'node:worker_threads';
import { serializeError } from '../../image/index.js';
import type { JobModule, PoolReply, PoolRequest } from './worker-pool.js';

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');
const { jobModule } = workerData as { jobModule: string };
const mod = (await import(jobModule)) as JobModule<unknown, unknown>;

port.on('message', (msg: PoolRequest<unknown>) => {
  let reply: PoolReply<unknown>;
  Promise.resolve()
    .then(() => mod.runJob(msg.job))
    .then(
      (result) => {
        reply = { kind: 'result', id: msg.id, result };
      },
      (err: unknown) => {
        reply = { kind: 'error', id: msg.id, error: serializeError(err) };
      },
    )
    .then(() => port.postMessage(reply));
});
port.postMessage({ kind: 'ready' } satisfies PoolReply<unknown>);

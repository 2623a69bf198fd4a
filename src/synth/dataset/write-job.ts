// The job module the dataset pool runs: a renderer module's sample, written to disk by the worker
// that rendered it. Writing (deflated PNG bytes, SHA-256, fsync) on the main thread left the
// workers idle while it ran, and copied every file's bytes across threads.
import type { JobModule } from './worker-pool.js';
import type { SampleJob, SampleOutput } from './job.js';
import type { SamplePaths } from './layouts.js';
import { writeSampleFiles, type SampleChecks } from './sample-files.js';

/** One sample to render with `renderModule` and write as `files` under `outDir` (temporary names tagged `tag`). */
export interface WriteJob {
  readonly renderModule: string;
  readonly job: SampleJob;
  readonly outDir: string;
  readonly files: SamplePaths;
  readonly tag: string;
}

/** What the main thread gets back: the manifest's checks and the renderer's report, no file bytes. */
export interface WrittenSample {
  readonly checks: SampleChecks;
  readonly meta: SampleOutput['meta'];
  readonly distortion: SampleOutput['distortion'];
}

/** Renders and writes one sample; the files are flushed and in place when it returns. */
export async function runJob(w: WriteJob): Promise<WrittenSample> {
  // import() caches each module per thread: the renderer loads once per worker.
  const render = (await import(w.renderModule)) as JobModule<SampleJob, SampleOutput>;
  const out = await render.runJob(w.job);
  return { checks: await writeSampleFiles(w.outDir, w.files, out.bytes, w.tag), meta: out.meta, distortion: out.distortion };
}

// The real job module of the worker pool: load one scene, synthesize its DP frame, encode the files.
import { readPng } from '../../image/index.js';
import { cameraPreset } from '../../optics/index.js';
import { readDepth } from '../depth-readers.js';
import { synthesizeFrame, type SynthScene } from '../frame.js';
import { proceduralScene } from '../procedural.js';
import { encodeSample } from '../write-sample.js';
import type { SampleJob, SampleOutput, SceneRef } from './job.js';

function loadScene(ref: SceneRef): SynthScene {
  if (ref.kind === 'procedural') {
    return proceduralScene(ref.seed, { width: ref.width, height: ref.height, frames: ref.frames, frame: ref.frame });
  }
  const rgb = readPng(ref.rgb).image;
  const depth = readDepth(ref.depth, ref.depthScale === null ? { format: ref.depthFormat } : { format: ref.depthFormat, scale: ref.depthScale });
  return { rgb, depth, names: { rgb: ref.rgb, depth: ref.depth } };
}

/** Renders one sample; the output depends on the job alone, never on the thread that runs it. */
export function runJob(job: SampleJob): SampleOutput {
  const frame = synthesizeFrame(
    loadScene(job.scene),
    {
      camera: cameraPreset(job.camera),
      psf: job.psf,
      noise: job.noiseSigma > 0 ? { kind: 'gaussian', sigma: job.noiseSigma } : null,
      distortion: job.distortion,
    },
    job.seed,
  );
  const files = encodeSample(frame);
  return {
    bytes: {
      left: files['left.png'],
      right: files['right.png'],
      combined: files['combined.png'],
      sharp: files['sharp.png'],
      coc: files['coc.pfm'],
    },
    meta: { ...frame.meta },
    distortion: frame.meta.distortion,
  };
}

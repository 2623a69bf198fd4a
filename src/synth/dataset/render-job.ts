// The real job module of the worker pool: load one scene, synthesize its DP frame, encode the files.
import { readPng } from '../../image/index.js';
import { cameraPreset } from '../../optics/index.js';
import { readDepth } from '../depth-readers.js';
import { synthesizeFrame, type SynthScene } from '../frame.js';
import { photoSequence, readPhoto, type PhotoSequence } from '../photo-scene.js';
import { proceduralScene } from '../procedural.js';
import { encodeSample } from '../write-sample.js';
import type { SampleJob, SampleOutput, SceneRef } from './job.js';
import { lensCamera } from './lens-camera.js';

// Workers take samples in sequence order, so a worker sees the frames of a few sequences at a time:
// keep the last few photo sequences (a base image and depth map each, well under 1 MB at 256²)
// so that a photo's decode and depth layout are done about once per sequence, not once per frame.
const PHOTO_CACHE = 8;
const photoCache = new Map<string, PhotoSequence>();

function photoSeq(ref: Extract<SceneRef, { kind: 'photo' }>): PhotoSequence {
  const key = JSON.stringify([ref.path, ref.seed, ref.width, ref.height, ref.frames]);
  let seq = photoCache.get(key);
  if (seq === undefined) {
    seq = photoSequence(readPhoto(ref.path), ref.seed, { width: ref.width, height: ref.height, frames: ref.frames });
    if (photoCache.size >= PHOTO_CACHE) photoCache.delete(photoCache.keys().next().value!);
  }
  photoCache.delete(key);
  photoCache.set(key, seq);
  return seq;
}

function loadScene(ref: SceneRef): SynthScene {
  if (ref.kind === 'procedural') {
    return proceduralScene(ref.seed, { width: ref.width, height: ref.height, frames: ref.frames, frame: ref.frame });
  }
  if (ref.kind === 'photo') return { ...photoSeq(ref).frame(ref.frame), names: { rgb: ref.path, depth: ref.path } };
  const rgb = readPng(ref.rgb).image;
  const depth = readDepth(ref.depth, ref.depthScale === null ? { format: ref.depthFormat } : { format: ref.depthFormat, scale: ref.depthScale });
  return { rgb, depth, names: { rgb: ref.rgb, depth: ref.depth } };
}

/** Renders one sample; the output depends on the job alone, never on the thread that runs it. */
export function runJob(job: SampleJob): SampleOutput {
  const scene = loadScene(job.scene);
  const focusOn = job.focusScene === undefined || sameScene(job.focusScene, job.scene) ? scene : loadScene(job.focusScene);
  const frame = synthesizeFrame(
    scene,
    {
      camera: job.lens ? lensCamera(job.camera, job.lens, focusOn.depth) : cameraPreset(job.camera),
      psf: job.psf,
      noise: job.noiseSigma > 0 ? { kind: 'gaussian', sigma: job.noiseSigma } : null,
      distortion: job.distortion,
    },
    job.seed,
  );
  const files = encodeSample(frame, job.pngCompression);
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

function sameScene(a: SceneRef, b: SceneRef): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

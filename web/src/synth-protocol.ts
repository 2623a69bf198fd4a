// Messages between the synthesis playground and its worker.
import type { Camera } from '../../src/optics/index.js';

/** Page → worker: render the built-in scene with this camera. */
export interface RenderRequest {
  readonly id: number;
  readonly camera: Camera;
}

/** Worker → page: the combined image (planar RGB, sRGB [0,1]) and the signed CoC map (px). */
export type RenderReply =
  | { readonly id: number; readonly ok: true; readonly width: number; readonly height: number; readonly combined: Float32Array; readonly coc: Float32Array; readonly ms: number }
  | { readonly id: number; readonly ok: false; readonly error: string };

/** Size of the playground's scene, px: the built-in scene's layout at half its 640×426 size, for live re-rendering. */
export const PLAYGROUND_SIZE = { width: 320, height: 213 } as const;

/** The camera of the built-in example pair (web/build.ts renders it) and the playground's first camera. */
export const EXAMPLE_CAMERA = 'paper-3';

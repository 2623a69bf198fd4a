// The synth bench's input frame: the user's files, or a deterministic 1920×1080 procedural scene
// written as an 8-bit RGB PNG and a 16-bit depth PNG in millimetres (what both generators read).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodePngImage } from '../../src/image/index.js';
import { proceduralScene } from '../../src/synth/index.js';

/** Writes DIR/rgb.png and DIR/depth.png (mm, 16-bit) of procedural scene `seed` at w×h px; returns their paths. */
export function writeBenchScene(dir: string, w: number, h: number, seed: number): { rgb: string; depth: string } {
  const scene = proceduralScene(seed, { width: w, height: h });
  const rgb = join(dir, 'rgb.png');
  const depth = join(dir, 'depth.png');
  writeFileSync(rgb, encodePngImage(scene.rgb, 8));
  // Millimetres as 16-bit codes: the procedural scene's 0.5–30 m fits below 65.535 m.
  const mm = Float32Array.from(scene.depth.data, (d) => Math.min(65535, Math.round(d * 1000)) / 65535);
  writeFileSync(depth, encodePngImage({ width: w, height: h, channels: 1, space: 'linear', data: mm }, 16));
  return { rgb, depth };
}

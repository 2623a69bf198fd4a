// Part 4 of the page: the built-in scene re-rendered in a worker as the camera changes, with its
// defocus map. Requests made while a render runs collapse into one: only the latest is rendered.
import { CAMERA_PRESETS } from '../../src/optics/index.js';
import { cocColours } from '../../src/synth/index.js';
import { byId, drawImage } from './canvas.js';
import { cameraWith, fNumberRange, focusRange, fromSlider, presetSettings, toSlider } from './playground-camera.js';
import { EXAMPLE_CAMERA, type RenderReply, type RenderRequest } from './synth-protocol.js';

/** Wires the playground's controls to its worker. */
export class PlaygroundView {
  private readonly worker: Worker;
  private next = 0;
  private busy = false;
  private pending = false;
  private readonly camera = byId('synth-camera', HTMLSelectElement);
  private readonly focus = byId('synth-focus', HTMLInputElement);
  private readonly fNumber = byId('synth-fnumber', HTMLInputElement);
  private readonly status = byId('synth-status', HTMLParagraphElement);

  constructor(base: string) {
    this.worker = new Worker(new URL('synth-worker.js', base), { type: 'module' });
    this.worker.onmessage = (e: MessageEvent<RenderReply>) => this.receive(e.data);
    this.worker.onerror = (e) => {
      this.status.textContent = `The renderer stopped: ${e.message}`;
    };
    for (const name of CAMERA_PRESETS) this.camera.add(new Option(name, name));
    // The example pair's camera: its defocus map has both sides of the focal plane.
    this.camera.value = EXAMPLE_CAMERA;
    this.camera.addEventListener('change', () => {
      this.resetSliders();
      this.request();
    });
    for (const s of [this.focus, this.fNumber]) s.addEventListener('input', () => this.request());
    this.resetSliders();
  }

  /** Renders the current settings (now, or as soon as the running render ends). */
  request(): void {
    this.showValues();
    if (this.busy) {
      this.pending = true;
      return;
    }
    this.busy = true;
    this.status.textContent = 'Rendering…';
    const { focusM, fNumber } = this.values();
    const message: RenderRequest = { id: ++this.next, camera: cameraWith(this.camera.value, focusM, fNumber) };
    this.worker.postMessage(message);
  }

  private values(): { focusM: number; fNumber: number } {
    const name = this.camera.value;
    return { focusM: fromSlider(Number(this.focus.value), focusRange(name)), fNumber: fromSlider(Number(this.fNumber.value), fNumberRange()) };
  }

  private resetSliders(): void {
    const name = this.camera.value;
    const p = presetSettings(name);
    this.focus.value = String(toSlider(p.focusM, focusRange(name)));
    this.fNumber.value = String(toSlider(p.fNumber, fNumberRange()));
    this.showValues();
  }

  private showValues(): void {
    const { focusM, fNumber } = this.values();
    byId('synth-focus-out', HTMLOutputElement).value = `${focusM.toFixed(focusM < 10 ? 2 : 1)} m`;
    byId('synth-fnumber-out', HTMLOutputElement).value = `f/${fNumber.toFixed(1)}`;
  }

  private receive(reply: RenderReply): void {
    this.busy = false;
    if (!reply.ok) this.status.textContent = `Cannot render: ${reply.error}`;
    else {
      const { width, height } = reply;
      drawImage(byId('synth-image', HTMLCanvasElement), { width, height, channels: 3, space: 'srgb', data: reply.combined });
      let lo = Infinity;
      let hi = -Infinity;
      for (const r of reply.coc) {
        lo = Math.min(lo, r);
        hi = Math.max(hi, r);
      }
      // Colour scale: the 95th percentile of |r|, so that a few clamped near pixels do not wash out the rest.
      const mags = Float32Array.from(reply.coc, Math.abs).sort();
      const scale = Math.max(1, mags[Math.floor(0.95 * (mags.length - 1))] as number);
      drawImage(byId('synth-coc', HTMLCanvasElement), cocColours({ width, height, data: reply.coc }, scale));
      byId('synth-coc-max', HTMLOutputElement).value = scale.toFixed(1);
      this.status.textContent = `Rendered ${width}×${height} px in ${reply.ms.toFixed(0)} ms; CoC radius ${lo.toFixed(1)} … ${hi.toFixed(1)} px.`;
    }
    if (this.pending) {
      this.pending = false;
      this.request();
    }
  }
}

// Part 2 of the page: deblur the pair in the browser, compare before and after with a slider,
// look at it 1:1, and save it as PNG at the input's bit depth (as `dualpix deblur` writes it).
import { encodePngBrowser, type Image } from '../../src/image/browser.js';
import { byId, drawImage } from './canvas.js';
import type { DpPair } from './pair-loader.js';
import { combinedOf } from './pair-view.js';
import { WebDeblurrer } from './web-deblurrer.js';

/** Runs and shows deblurring of the current pair. */
export class DeblurView {
  private pair: DpPair | undefined;
  private result: Image | undefined;
  private model: Promise<WebDeblurrer> | undefined;
  private readonly run = byId('deblur-run', HTMLButtonElement);
  private readonly download = byId('download', HTMLButtonElement);
  private readonly progress = byId('deblur-progress', HTMLProgressElement);
  private readonly status = byId('deblur-status', HTMLSpanElement);

  constructor(private readonly base: string) {
    this.run.addEventListener('click', () => void this.deblur());
    this.download.addEventListener('click', () => this.save());
    const slider = byId('compare-slider', HTMLInputElement);
    const clip = byId('after-clip', HTMLDivElement);
    const divider = byId('divider', HTMLDivElement);
    slider.addEventListener('input', () => {
      clip.style.clipPath = `inset(0 0 0 ${slider.value}%)`;
      divider.style.left = `${slider.value}%`;
    });
    const zoom = byId('zoom', HTMLInputElement);
    zoom.addEventListener('change', () => byId('compare', HTMLDivElement).classList.toggle('zoom', zoom.checked));
  }

  /** A new pair: the old result is dropped and the before image shown. */
  setPair(pair: DpPair): void {
    this.pair = pair;
    this.result = undefined;
    this.run.disabled = false;
    this.download.disabled = true;
    this.progress.value = 0;
    this.status.textContent = `${pair.left.width}×${pair.left.height} px, ready to deblur.`;
    byId('compare', HTMLDivElement).hidden = false;
    drawImage(byId('before', HTMLCanvasElement), combinedOf(pair));
    const after = byId('after', HTMLCanvasElement);
    after.width = pair.left.width;
    after.height = pair.left.height;
    after.getContext('2d')?.clearRect(0, 0, after.width, after.height);
  }

  private async deblur(): Promise<void> {
    const pair = this.pair;
    if (!pair) return;
    this.run.disabled = true;
    this.download.disabled = true;
    this.progress.removeAttribute('value');
    try {
      this.status.textContent = 'Loading ONNX Runtime and the model…';
      this.model ??= WebDeblurrer.create(this.base);
      const model = await this.model;
      const lay = model.layout(pair.left.width, pair.left.height);
      this.status.textContent = `Deblurring ${lay.tiles.length} tile${lay.tiles.length > 1 ? 's' : ''} with ${model.manifest.spec.model} (width ${model.manifest.spec.width})…`;
      this.progress.value = 0;
      const t0 = performance.now();
      const y = await model.sequence().next(pair.left, pair.right, pair.name, (done, total) => {
        this.progress.value = done / total;
      });
      this.result = y;
      drawImage(byId('after', HTMLCanvasElement), y);
      this.progress.value = 1;
      this.status.textContent = `Done in ${((performance.now() - t0) / 1000).toFixed(2)} s (${globalThis.crossOriginIsolated ? 'multi-threaded' : 'single-threaded'} WebAssembly). Drag the slider to compare.`;
      this.download.disabled = false;
    } catch (err) {
      this.model = undefined;
      this.progress.value = 0;
      this.status.textContent = `Deblurring failed: ${(err as Error).message}`;
    } finally {
      this.run.disabled = false;
    }
  }

  private save(): void {
    if (!this.result || !this.pair) return;
    const bytes = encodePngBrowser(this.result, this.pair.bitDepth);
    const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/png' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${this.pair.name.replace(/\.png$/i, '')}-deblurred.png`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

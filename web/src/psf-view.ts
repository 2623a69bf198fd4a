// Part 3 of the page: the DP PSF triple for slider-chosen parameters, drawn by the same src/psf
// code as `dualpix psf`, with the horizontal profiles that show how the views split the light.
import { combinedKernel, centroid, dpKernel, renderPsfTriple, type ButterworthParams, type DpKernel, type PsfModel } from '../../src/psf/index.js';
import { byId, drawImage } from './canvas.js';

const SLIDERS = ['radius', 'n', 'alpha', 'beta', 'kappa'] as const;
const COLOURS = { left: '#d97a1a', right: '#1a8cd9', combined: '#333333' } as const;

/** Wires the PSF sliders and redraws on every change. */
export class PsfView {
  constructor() {
    for (const id of SLIDERS) byId(`psf-${id}`, HTMLInputElement).addEventListener('input', () => this.draw());
    byId('psf-model', HTMLSelectElement).addEventListener('change', () => this.draw());
  }

  /** Reads the sliders, builds the kernel and draws it. */
  draw(): void {
    const v = (id: (typeof SLIDERS)[number]): number => Number(byId(`psf-${id}`, HTMLInputElement).value);
    for (const id of SLIDERS) byId(`psf-${id}-out`, HTMLOutputElement).value = String(v(id));
    const params: ButterworthParams = { n: v('n'), alpha: v('alpha'), beta: v('beta'), kappa: v('kappa') };
    const model = byId('psf-model', HTMLSelectElement).value as PsfModel;
    for (const id of ['n', 'alpha', 'beta', 'kappa'] as const) byId(`psf-${id}`, HTMLInputElement).disabled = model === 'disk';
    const radius = v('radius');
    const k = dpKernel(radius, params, { model });
    drawImage(byId('psf-triple', HTMLCanvasElement), renderPsfTriple(k, { scale: Math.max(1, Math.ceil(160 / k.size)) }));
    drawProfiles(byId('psf-profile', HTMLCanvasElement), k);
    const [lx] = centroid(k.left, k.size);
    const [rx] = centroid(k.right, k.size);
    const side = Math.abs(radius) < 0.5 ? 'in focus' : radius > 0 ? 'behind the focal plane' : 'in front of the focal plane';
    byId('psf-info', HTMLParagraphElement).textContent =
      `r = ${radius} px (${side}): kernel ${k.size}×${k.size} px; left-view centroid ${lx.toFixed(2)} px, right-view ${rx.toFixed(2)} px from the centre; ` +
      `the views are ${Math.abs(rx - lx).toFixed(2)} px apart, and each holds half the light.`;
  }
}

function columnSums(k: Float32Array, size: number): Float32Array {
  const out = new Float32Array(size);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) out[x] = (out[x] as number) + (k[y * size + x] as number);
  return out;
}

function drawProfiles(canvas: HTMLCanvasElement, k: DpKernel): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const { width: W, height: H } = canvas;
  const m = { left: 44, right: 12, top: 12, bottom: 28 };
  const curves = { left: columnSums(k.left, k.size), right: columnSums(k.right, k.size), combined: columnSums(combinedKernel(k), k.size) };
  const peak = Math.max(...curves.combined, 1e-9);
  const half = (k.size - 1) / 2;
  const span = Math.max(half, 3);
  const px = (x: number): number => m.left + ((x + span) / (2 * span)) * (W - m.left - m.right);
  const py = (v: number): number => H - m.bottom - (v / peak) * (H - m.top - m.bottom);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, W, H);
  ctx.strokeStyle = '#c8ced8';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(px(0), m.top);
  ctx.lineTo(px(0), H - m.bottom);
  ctx.moveTo(m.left, H - m.bottom);
  ctx.lineTo(W - m.right, H - m.bottom);
  ctx.stroke();
  ctx.fillStyle = '#5b6575';
  ctx.font = '12px system-ui, sans-serif';
  ctx.textAlign = 'center';
  for (const x of [-span, -span / 2, 0, span / 2, span]) ctx.fillText(x.toFixed(1), px(x), H - 8);
  ctx.textAlign = 'right';
  ctx.fillText(peak.toFixed(3), m.left - 4, py(peak) + 4);
  ctx.fillText('0', m.left - 4, py(0) + 4);
  for (const name of ['combined', 'left', 'right'] as const) {
    const c = curves[name];
    ctx.strokeStyle = COLOURS[name];
    ctx.lineWidth = name === 'combined' ? 2.5 : 2;
    ctx.beginPath();
    for (let i = 0; i < k.size; i++) {
      const x = px(i - half);
      const y = py(c[i] as number);
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    }
    ctx.stroke();
  }
}

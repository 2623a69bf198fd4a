// report.html: one self-contained page (images as data: URIs, inline CSS and a few lines of inline
// JS, nothing fetched) with the score tables, 1:1 crops of a few frames side by side, and a
// before/after slider of the blurred input against the best method.
import { encodePngImage, type Image } from '../image/index.js';
import type { CropSet, EvalMetrics } from './eval-types.js';
import { columnHeader, combinedTable, METRICS, subsetTable, type ScoreTable } from './report-table.js';
import { ALL_SUBSET } from './subsets.js';

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#1b1f24;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}h3{font-size:15px;margin:20px 0 6px}
p.meta{color:#57606a;margin:0 0 12px}
table.scores{border-collapse:collapse;margin:6px 0 4px;font-variant-numeric:tabular-nums}
table.scores th,table.scores td{border:1px solid #d0d7de;padding:4px 10px;text-align:right;white-space:nowrap}
table.scores th:first-child,table.scores td:first-child{text-align:left}
table.scores thead th{background:#f6f8fa}
table.scores td.best{font-weight:700;background:#dafbe1}
.strip{display:flex;flex-wrap:wrap;gap:10px;align-items:flex-start}
figure{margin:0;width:min-content}figcaption{font-size:12px;color:#57606a;min-width:96px}figcaption b{color:#1b1f24}
img.px{display:block;image-rendering:pixelated;max-width:none}
.compare{position:relative;display:inline-block;--pos:50%}
.compare img{display:block;image-rendering:pixelated;max-width:none}
.compare img.over{position:absolute;left:0;top:0;clip-path:inset(0 calc(100% - var(--pos)) 0 0)}
.compare .divider{position:absolute;top:0;bottom:0;left:var(--pos);width:2px;margin-left:-1px;background:#fff;box-shadow:0 0 0 1px rgba(0,0,0,.4);pointer-events:none}
.slider{display:block;margin:6px 0 0}
ul{margin:4px 0;padding-left:20px}`;

// A slider narrower than this is hard to drag (its thumb alone is ~16 px).
const MIN_SLIDER_PX = 160;

// Moving a slider sets its comparison's --pos, which the clip-path and the divider both read.
const SCRIPT = `for(const r of document.querySelectorAll('input.slider')){const c=document.getElementById(r.dataset.target);const set=()=>c.style.setProperty('--pos',r.value+'%');r.addEventListener('input',set);set();}`;

/** The HTML report of an evaluation with its crops; every image is embedded, nothing is fetched. */
export function renderHtmlReport(metrics: EvalMetrics, crops: readonly CropSet[]): string {
  const s = metrics.settings;
  const parts: string[] = [];
  parts.push(`<h1>dualpix evaluation</h1>`);
  parts.push(`<p class="meta">Data <code>${esc(s.data)}</code>, split <code>${esc(s.split)}</code>: ${s.frames} frames${s.frames < s.framesInSplit ? ` (first ${s.frames} of ${s.framesInSplit})` : ''}. ${s.niqe ? `NIQE model from ${s.niqe.images} sharp targets (${s.niqe.patches} patches).` : 'No NIQE.'} ${esc(s.createdAt)}</p>`);
  const combined = combinedTable(metrics);
  if (combined) parts.push(`<h2>${esc(combined.title)}</h2>`, htmlTable(combined));
  for (const a of metrics.averages) {
    const t = subsetTable(metrics, a.subset);
    parts.push(`<h2>${esc(t.title)}</h2>`, htmlTable(t));
  }
  parts.push('<h2>Methods</h2><ul>', ...metrics.methods.map((m) => `<li><b>${esc(m.name)}</b> (${m.kind}): ${esc(m.description)}</li>`), '</ul>');
  if (metrics.notes.length > 0) parts.push('<h2>Notes</h2><ul>', ...metrics.notes.map((n) => `<li>${esc(n)}</li>`), '</ul>');
  if (crops.length > 0) {
    const best = bestMethod(metrics);
    parts.push('<h2>Samples (1:1 crops)</h2>');
    crops.forEach((c, i) => parts.push(cropSection(metrics, c, best, i)));
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>dualpix evaluation — ${esc(s.data)} (${esc(s.split)})</title>
<style>${STYLE}</style></head>
<body>
${parts.join('\n')}
<script>${SCRIPT}</script>
</body></html>
`;
}

/** A ScoreTable as an HTML table; best cells carry class "best". */
export function htmlTable(table: ScoreTable): string {
  const head = `<tr><th>Method</th>${table.columns.map((c) => `<th>${esc(columnHeader(table, c))}</th>`).join('')}</tr>`;
  const rows = table.rows.map((r) => `<tr><td>${esc(r.method)}</td>${r.cells.map((c) => `<td${c.best ? ' class="best"' : ''}>${esc(c.text)}</td>`).join('')}</tr>`);
  return `<table class="scores"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The method to compare with the input in the slider: the model with the best mean PSNR, else the best other baseline. */
export function bestMethod(metrics: EvalMetrics): string | null {
  const all = metrics.averages.find((a) => a.subset === ALL_SUBSET);
  const rank = (kind: 'model' | 'baseline'): string | null => {
    let best: { name: string; psnr: number } | null = null;
    for (const m of metrics.methods) {
      const p = all?.methods[m.name]?.psnr;
      if (m.kind !== kind || m.name === 'input' || p === null || p === undefined) continue;
      if (!best || p > best.psnr) best = { name: m.name, psnr: p };
    }
    return best?.name ?? null;
  };
  return rank('model') ?? rank('baseline');
}

function cropSection(metrics: EvalMetrics, c: CropSet, best: string | null, index: number): string {
  const frame = metrics.frames.find((f) => f.id === c.id);
  const caption = (method: string): string => {
    const sc = frame?.scores[method];
    return sc ? ` ${METRICS.psnr.format(sc.psnr)} dB, SSIM ${METRICS.ssim.format(sc.ssim)}` : '';
  };
  const tiles = [
    figure(c.input, `<b>input</b> (blurred)${caption('input')}`),
    ...c.outputs.map((o) => figure(o.image, `<b>${esc(o.method)}</b>${caption(o.method)}`)),
    figure(c.target, '<b>ground truth</b>'),
  ];
  const out = [`<h3>${esc(c.id)} <span class="meta">— ${c.width}×${c.height} px at (${c.x0}, ${c.y0})</span></h3>`, `<div class="strip">${tiles.join('')}</div>`];
  const bestOut = best === null ? undefined : c.outputs.find((o) => o.method === best);
  if (bestOut) {
    const id = `compare-${index}`;
    out.push(
      `<p class="meta">Left of the line: <b>${esc(bestOut.method)}</b>; right of it: the blurred input. Drag the slider.</p>`,
      `<div class="compare" id="${id}" style="width:${c.width}px;height:${c.height}px">` +
        `<img class="under" alt="input" width="${c.width}" height="${c.height}" src="${pngDataUri(c.input)}">` +
        `<img class="over" alt="${esc(bestOut.method)}" width="${c.width}" height="${c.height}" src="${pngDataUri(bestOut.image)}">` +
        `<div class="divider"></div></div>`,
      `<input class="slider" type="range" min="0" max="100" value="50" step="0.5" data-target="${id}" style="width:${Math.max(c.width, MIN_SLIDER_PX)}px" aria-label="${esc(bestOut.method)} versus input">`,
    );
  }
  return out.join('\n');
}

function figure(img: Image, caption: string): string {
  return `<figure><img class="px" alt="" width="${img.width}" height="${img.height}" src="${pngDataUri(img)}"><figcaption>${caption}</figcaption></figure>`;
}

/** An image as an 8-bit PNG data: URI. */
export function pngDataUri(img: Image): string {
  return `data:image/png;base64,${Buffer.from(encodePngImage(img, 8)).toString('base64')}`;
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

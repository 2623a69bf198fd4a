// The page's entry point: wires the four parts to the page's elements.
import { byId } from './canvas.js';
import { DeblurView } from './deblur-view.js';
import { decodePair, orderDropped, PairError, type DpPair } from './pair-loader.js';
import { PairView } from './pair-view.js';
import { PlaygroundView } from './playground-view.js';
import { PsfView } from './psf-view.js';

const base = new URL('.', import.meta.url).href;

function start(): void {
  const pairView = new PairView();
  const deblurView = new DeblurView(base);
  const psfView = new PsfView();
  const playground = new PlaygroundView(base);
  const message = byId('pair-message', HTMLParagraphElement);
  const info = byId('pair-info', HTMLParagraphElement);

  const usePair = (pair: DpPair): void => {
    message.hidden = true;
    info.textContent = `${pair.name}: ${pair.left.width}×${pair.left.height} px, ${pair.bitDepth}-bit.`;
    pairView.show(pair);
    deblurView.setPair(pair);
  };
  const fail = (err: unknown): void => {
    message.textContent = err instanceof PairError ? err.message : `Something went wrong: ${(err as Error).message}`;
    message.hidden = false;
  };
  const openFiles = async (left: File, right: File): Promise<void> => {
    try {
      usePair(decodePair(left.name, new Uint8Array(await left.arrayBuffer()), right.name, new Uint8Array(await right.arrayBuffer())));
    } catch (err) {
      fail(err);
    }
  };

  const leftInput = byId('left-file', HTMLInputElement);
  const rightInput = byId('right-file', HTMLInputElement);
  const picked = (): void => {
    const l = leftInput.files?.[0];
    const r = rightInput.files?.[0];
    if (l && r) void openFiles(l, r);
  };
  leftInput.addEventListener('change', picked);
  rightInput.addEventListener('change', picked);

  const drop = byId('drop', HTMLDivElement);
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('dragging');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('dragging'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('dragging');
    const files = Array.from(e.dataTransfer?.files ?? []);
    if (files.length !== 2) {
      fail(new PairError(`Drop exactly two PNG files, the left and the right view (got ${files.length}).`));
      return;
    }
    const [l, r] = orderDropped(files);
    void openFiles(l, r);
  });

  byId('example', HTMLButtonElement).addEventListener('click', async () => {
    try {
      const [l, r] = await Promise.all(['left', 'right'].map(async (v) => new Uint8Array(await (await fetch(new URL(`example/${v}.png`, base))).arrayBuffer())));
      usePair(decodePair('example-left.png', l as Uint8Array, 'example-right.png', r as Uint8Array));
    } catch (err) {
      fail(err);
    }
  });

  psfView.draw();
  playground.request();
}

start();

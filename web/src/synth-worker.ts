// The synthesis playground's renderer, off the page's thread: the built-in scene through the
// same synthesizeFrame the CLI uses.
import { EXAMPLE_SEED, proceduralScene, synthesizeFrame } from '../../src/synth/index.js';
import { PLAYGROUND_SIZE, type RenderReply, type RenderRequest } from './synth-protocol.js';

interface WorkerScope {
  onmessage: ((e: MessageEvent<RenderRequest>) => void) | null;
  postMessage(message: RenderReply, transfer: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;
const scene = proceduralScene(EXAMPLE_SEED, PLAYGROUND_SIZE);

scope.onmessage = (e) => {
  const { id, camera } = e.data;
  try {
    const t0 = performance.now();
    const frame = synthesizeFrame(scene, { camera, threads: 1 }, EXAMPLE_SEED);
    const combined = frame.combined.data.slice();
    const coc = frame.coc.data.slice();
    scope.postMessage({ id, ok: true, width: frame.combined.width, height: frame.combined.height, combined, coc, ms: performance.now() - t0 }, [combined.buffer, coc.buffer]);
  } catch (err) {
    scope.postMessage({ id, ok: false, error: (err as Error).message }, []);
  }
};

// Builds the browser app into one static folder that `dualpix serve` (or any static host)
// serves: the page, its bundled JavaScript (esbuild, from web/src and the src stages it uses),
// ONNX Runtime Web's WASM build, the default model as ONNX and the built-in example DP pair.
// Run: node --import tsx web/build.ts OUT_DIR   (scripts/build.mjs does, into dist/web).
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { writeFileAtomic, encodePngImage } from '../src/image/index.js';
import { cameraPreset } from '../src/optics/index.js';
import { EXAMPLE_SEED, exampleScene, synthesizeFrame } from '../src/synth/index.js';
import { exportInferenceOnnx, loadModelWeights, modelManifest } from '../src/deblur/index.js';
import { EXAMPLE_CAMERA } from './src/synth-protocol.js';

const WEB = dirname(fileURLToPath(import.meta.url));
const SRC = join(dirname(WEB), 'src');

/** Files the page loads from ONNX Runtime Web: its WASM-only ES module (glue inlined) and the SIMD+threads binary. */
export const ORT_FILES = ['ort.wasm.bundle.min.mjs', 'ort-wasm-simd-threaded.wasm'] as const;


// Node built-ins the src stages import. The browser bundle never calls them (file I/O, worker
// threads and ONNX Runtime for Node stay on the CLI side), but esbuild must resolve the names.
const NODE_STUBS: Record<string, string> = {
  'node:fs': 'appendFileSync closeSync existsSync fsync fsyncSync linkSync mkdirSync openSync readFileSync readSync readdirSync realpathSync renameSync rmSync statSync writeFileSync writeSync',
  'node:crypto': 'createHash',
  'node:zlib': 'deflate deflateSync inflateSync',
  'node:fs/promises': 'readFile',
  'node:path': 'basename dirname extname join relative resolve',
  'node:os': 'availableParallelism freemem hostname',
  'node:url': 'fileURLToPath',
  'node:util': 'parseArgs',
  'node:worker_threads': 'Worker parentPort workerData',
  'onnxruntime-node': 'InferenceSession Tensor',
};

function stubSource(spec: string): string {
  const names = (NODE_STUBS[spec] ?? '').split(' ').filter(Boolean);
  const lines = names.map((n) => `export const ${n} = () => { throw new Error('${spec} ${n} is not available in the browser'); };`);
  // Values read at module load by src stages: keep them harmless.
  if (spec === 'node:os') lines.push("export const endianness = () => 'LE';");
  if (spec === 'node:path') lines.push("export const sep = '/';");
  if (spec === 'node:worker_threads') lines.push('export const isMainThread = true;');
  if (spec === 'node:zlib') lines.push('export const constants = {};');
  lines.push('export default {};');
  return lines.join('\n');
}

const browserStubs: esbuild.Plugin = {
  name: 'dualpix-browser-stubs',
  setup(build) {
    build.onResolve({ filter: /^(node:|(onnxruntime-node|h5wasm|onnx-proto|cli-progress)(\/|$))/ }, (args) => ({ path: args.path, namespace: 'stub' }));
    build.onLoad({ filter: /.*/, namespace: 'stub' }, (args) => ({ contents: stubSource(args.path), loader: 'js' }));
    // The src stages have no import-time side effects, so what the page does not call is dropped.
    build.onResolve({ filter: /^\.\.?\/.*\.js$/ }, async (args) => {
      if (args.pluginData === 'resolved') return undefined;
      const r = await build.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, pluginData: 'resolved' });
      return r.errors.length > 0 || !r.path.startsWith(SRC) ? r : { ...r, sideEffects: false };
    });
  },
};

/** What the build wrote, for reports and tests: bytes of the page's own JavaScript (minified), per file. */
export interface WebBuild {
  readonly outDir: string;
  readonly scripts: Readonly<Record<string, number>>;
}

/** Builds the app into `outDir` (replaced); `model` is the weight file baked in as model.onnx ('default' = the shipped one). */
export async function buildWebApp(outDir: string, model = 'default'): Promise<WebBuild> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, 'ort'), { recursive: true });
  mkdirSync(join(outDir, 'example'), { recursive: true });
  const result = await esbuild.build({
    entryPoints: { app: join(WEB, 'src/main.ts'), 'synth-worker': join(WEB, 'src/synth-worker.ts') },
    outdir: outDir,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    metafile: true,
    logLevel: 'warning',
    plugins: [browserStubs],
  });
  const scripts: Record<string, number> = {};
  for (const [file, out] of Object.entries(result.metafile.outputs)) scripts[file.slice(file.lastIndexOf('/') + 1)] = out.bytes;
  for (const f of ['index.html', 'app.css']) copyFileSync(join(WEB, f), join(outDir, f));
  const ortDist = dirname(createRequire(import.meta.url).resolve('onnxruntime-web'));
  for (const f of ORT_FILES) copyFileSync(join(ortDist, f), join(outDir, 'ort', f));

  const frame = synthesizeFrame(exampleScene(), { camera: cameraPreset(EXAMPLE_CAMERA) }, EXAMPLE_SEED);
  writeFileAtomic(join(outDir, 'example', 'left.png'), encodePngImage(frame.left, 16));
  writeFileAtomic(join(outDir, 'example', 'right.png'), encodePngImage(frame.right, 16));
  writeFileAtomic(join(outDir, 'example', 'sharp.png'), encodePngImage(frame.sharp, 16));

  const weights = await loadModelWeights(model);
  const exported = exportInferenceOnnx(weights, 'single');
  writeFileSync(join(outDir, 'model.onnx'), exported.bytes);
  writeFileSync(join(outDir, 'model.json'), JSON.stringify(modelManifest(weights.kind, exported)));
  return { outDir, scripts };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ?? 'dist/web';
  const built = await buildWebApp(out);
  const total = Object.values(built.scripts).reduce((a, b) => a + b, 0);
  process.stderr.write(`built ${out}: ${Object.entries(built.scripts).map(([f, b]) => `${f} ${(b / 1024).toFixed(0)} KiB`).join(', ')} (page JavaScript ${(total / 1024).toFixed(0)} KiB minified, ONNX Runtime WASM not counted)\n`);
}

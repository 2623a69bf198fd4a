// The local web server behind `dualpix serve`: the built browser app as static files, with the
// headers that make the page cross-origin isolated (so ONNX Runtime Web may use threads), and the
// model exported fresh from the weight file at start, so the page runs what `dualpix deblur` runs.
import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { InputError } from '../image/index.js';
import { exportInferenceOnnx, loadModelWeights, modelManifest } from '../deblur/index.js';

/** Options of startAppServer. */
export interface AppServerOptions {
  /** The built app folder (index.html, app.js, ort/, example/). */
  readonly root: string;
  /** TCP port; 0 picks a free one. */
  readonly port: number;
  /** Weight file the page's model.onnx is exported from (default 'default'). */
  readonly model?: string;
}

/** A running server. */
export interface AppServer {
  /** http://127.0.0.1:PORT/ */
  readonly url: string;
  close(): Promise<void>;
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.onnx': 'application/octet-stream',
};

// Cross-origin isolation (SharedArrayBuffer, WASM threads) and nothing loaded from elsewhere.
const HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-cache',
};

/** Serves the app in `root` on 127.0.0.1:`port`; InputError naming the folder, model or port when it cannot. */
export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const root = resolve(options.root);
  if (!isFile(join(root, 'index.html'))) throw new InputError(root, 'the browser app is not built here (run `npm run build`)');
  const weights = await loadModelWeights(options.model ?? 'default');
  const exported = exportInferenceOnnx(weights, 'single');
  const generated = new Map<string, { type: string; body: Uint8Array | string }>([
    ['/model.onnx', { type: TYPES['.onnx'] as string, body: exported.bytes }],
    ['/model.json', { type: TYPES['.json'] as string, body: JSON.stringify(modelManifest(weights.kind, exported)) }],
  ]);

  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...HEADERS, Allow: 'GET, HEAD' }).end();
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      res.writeHead(400, HEADERS).end();
      return;
    }
    if (path.endsWith('/')) path += 'index.html';
    const gen = generated.get(path);
    if (gen) {
      res.writeHead(200, { ...HEADERS, 'Content-Type': gen.type, 'Content-Length': String(Buffer.byteLength(gen.body)) });
      res.end(req.method === 'HEAD' ? undefined : gen.body);
      return;
    }
    const file = resolve(root, `.${path}`);
    // Only files inside the app folder: no `..`, no absolute escapes.
    if (!(file.startsWith(root + sep) && isFile(file))) {
      res.writeHead(404, { ...HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    res.writeHead(200, { ...HEADERS, 'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', 'Content-Length': String(statSync(file).size) });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  await listen(server, options.port);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((done) => {
      server.closeAllConnections();
      server.close(() => done());
    }),
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((done, fail) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') fail(new InputError('--port', `${port} is in use by another program`));
      else if (err.code === 'EACCES') fail(new InputError('--port', `${port} needs privileges to listen on`));
      else fail(err);
    });
    server.listen(port, '127.0.0.1', () => done());
  });
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

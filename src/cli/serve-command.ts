import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../image/index.js';
import type { Command } from './command.js';
import { numberFlag, parseFlags } from './args.js';
import { startAppServer } from './app-server.js';

const HELP = `dualpix serve — the browser app on this machine

  dualpix serve                 http://127.0.0.1:8080/
  dualpix serve --port 9000 --open

Flags
  --port N     TCP port on 127.0.0.1 (default 8080; 0 picks a free one)
  --open       open the page in the default browser

One page: look at a DP pair (wiggle, combined image, amplified L−R, disparity sign), deblur it
with the default model in the browser (ONNX Runtime Web, WebAssembly; the same tiling and pixels
as \`dualpix deblur\`), explore the DP PSFs, and re-render the built-in scene as the camera changes.
Everything is served from the package: no network access. Ctrl-C stops the server.`;

/** `dualpix serve`: serves dist/web until interrupted. */
export const serveCommand: Command = {
  summary: 'the browser app on localhost',
  help: HELP,
  async run(argv) {
    const flags = parseFlags('serve', argv, { port: { type: 'string' }, open: { type: 'boolean' } });
    const port = numberFlag(flags, 'port', 8080, 0, 65535, true);
    const server = await startAppServer({ root: appFolder(), port });
    process.stderr.write(`dualpix serve: ${server.url}  (Ctrl-C to stop)\n`);
    if (flags.open) openBrowser(server.url);
    await new Promise<void>((done) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        void server.close().then(done);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
  },
};

/** dist/web under the package root (found by walking up from this module, as the default model is). */
function appFolder(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'dist', 'web');
    dir = dirname(dir);
  }
  throw new InputError('serve', `cannot find the dualpix package root above ${fileURLToPath(import.meta.url)}`);
}

function openBrowser(url: string): void {
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  const child = spawn(cmd as string, args as string[], { stdio: 'ignore', detached: true });
  // No browser to open is not an error: the URL is printed above.
  child.on('error', () => process.stderr.write(`dualpix serve: could not start a browser; open ${url} yourself\n`));
  child.unref();
}

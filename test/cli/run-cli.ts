import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

/** Result of one CLI run: exit code and the two streams. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `dualpix ARGS` from the TypeScript sources (through tsx) and captures its output; `env` adds variables. */
export function runCli(args: string[], cwd?: string, env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { encoding: 'utf8', cwd, env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `dualpix ARGS` in this process (no start-up cost) and captures what the command writes. */
export async function runInProcess(args: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const write = { out: process.stdout.write, err: process.stderr.write };
  // The commands write strings; the test runner's own reports (bytes) pass through untouched.
  const capture = (sink: string[], original: typeof process.stdout.write, stream: NodeJS.WriteStream) =>
    ((s: string | Uint8Array, ...rest: unknown[]) => (typeof s === 'string' ? (sink.push(s), true) : (original as (...a: unknown[]) => boolean).call(stream, s, ...rest))) as typeof process.stdout.write;
  process.stdout.write = capture(out, write.out, process.stdout);
  process.stderr.write = capture(err, write.err, process.stderr);
  // main() reports a command's own exit code through process.exitCode; the test runner's is kept aside.
  const runnerCode = process.exitCode;
  process.exitCode = undefined;
  try {
    const code = await main(args);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.exitCode = runnerCode;
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
}

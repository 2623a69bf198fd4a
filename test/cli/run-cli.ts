import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

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

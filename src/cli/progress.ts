import cliProgress from 'cli-progress';

/** A progress reporter: a bar on a TTY, plain lines (at most one per ~2 s) otherwise. */
export interface Progress {
  update(done: number, extra?: string): void;
  stop(): void;
}

/** Starts a progress reporter for `total` units of work labelled `label`. */
export function startProgress(label: string, total: number): Progress {
  if (process.stderr.isTTY && !process.env.CI) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {value}/{total} {percentage}% eta {eta_formatted} {extra}`, stream: process.stderr, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { extra: '' });
    return {
      update: (done, extra = '') => bar.update(done, { extra }),
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  const start = Date.now();
  return {
    update(done, extra = '') {
      const now = Date.now();
      if (now - last < 2000 && done < total) return;
      last = now;
      const s = (now - start) / 1000;
      const eta = done > 0 ? (s / done) * (total - done) : NaN;
      process.stderr.write(`${label}: ${done}/${total} (${((100 * done) / total).toFixed(0)}%) ${s.toFixed(0)}s elapsed${Number.isFinite(eta) ? `, eta ${eta.toFixed(0)}s` : ''} ${extra}\n`);
    },
    stop() {},
  };
}

// Preloaded into a benchmarked `dualpix` process (node --import): reports its peak resident set
// (all threads) and CPU time (user + system, all threads, seconds) on stderr as it exits, for
// bench/synth.ts to read.
process.on('exit', () => {
  const u = process.resourceUsage();
  process.stderr.write(`\nbench-max-rss-kib=${u.maxRSS} bench-cpu-s=${(u.userCPUTime + u.systemCPUTime) / 1e6}\n`);
});

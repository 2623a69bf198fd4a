// Preloaded into a benchmarked `dualpix` process (node --import): reports its peak resident set
// (all threads) on stderr as it exits, for bench/synth.ts to read.
process.on('exit', () => process.stderr.write(`\nbench-max-rss-kib=${process.resourceUsage().maxRSS}\n`));

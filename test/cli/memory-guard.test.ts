// The memory guard: jobs are estimated before anything is allocated and refused, in one line
// naming the flag or file and the estimate, when the machine (here: DUALPIX_MEMORY_LIMIT) has less.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { availableMemoryBytes, checkMemory, formatBytes, InputError, ParameterError } from '../../src/image/index.js';
import { renderMemoryBytes } from '../../src/synth/index.js';
import { runInProcess } from './run-cli.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'dpx-mem-'));
const GIB = 1024 ** 3;

/** Runs `fn` with DUALPIX_MEMORY_LIMIT set to `bytes`. */
async function withLimit<T>(bytes: number, fn: () => Promise<T>): Promise<T> {
  const before = process.env.DUALPIX_MEMORY_LIMIT;
  process.env.DUALPIX_MEMORY_LIMIT = String(bytes);
  try {
    return await fn();
  } finally {
    if (before === undefined) delete process.env.DUALPIX_MEMORY_LIMIT;
    else process.env.DUALPIX_MEMORY_LIMIT = before;
  }
}

/** A PNG whose header declares width×height RGB16 (its data is one empty row: a "decompression bomb" stand-in). */
function hugePngHeader(path: string, width: number, height: number): void {
  const crc = (b: Buffer): number => {
    let c = 0xffffffff;
    for (const x of b) {
      c ^= x;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 16;
  ihdr[9] = 2;
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  writeFileSync(path, Buffer.concat([sig, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(1))), chunk('IEND', Buffer.alloc(0))]));
}

test('available memory is the smallest of the machine, the cgroup room and DUALPIX_MEMORY_LIMIT', async () => {
  const machine = availableMemoryBytes();
  assert.ok(machine > 0 && Number.isFinite(machine));
  await withLimit(123 * 1024 ** 2, async () => assert.equal(availableMemoryBytes(), Math.min(machine, 123 * 1024 ** 2)));
  assert.throws(() => checkMemory(3 * GIB, 'options.width', 'rendering', { available: 2 * GIB }), (e: unknown) => e instanceof ParameterError && e.message === 'options.width: rendering needs about 3.0 GiB of memory, 2.0 GiB is available');
  assert.throws(() => checkMemory(3 * GIB, 'big.png', 'scoring', { available: GIB, isFile: true }), (e: unknown) => e instanceof InputError && !(e instanceof ParameterError) && e.subject === 'big.png');
  checkMemory(GIB, 'x', 'y', { available: GIB });
  assert.equal(formatBytes(937 * 1024 ** 2), '937 MiB');
});

test('the rendering estimate follows the measured peaks (388 MB at 1024², ~60 GB at 16384²) and grows with threads', () => {
  const mb = (b: number): number => b / 1e6;
  assert.ok(Math.abs(mb(renderMemoryBytes(1024 * 1024, 1)) - 388) < 0.15 * 388, String(mb(renderMemoryBytes(1024 * 1024, 1))));
  assert.ok(renderMemoryBytes(16384 * 16384, 1) > 55e9);
  assert.ok(renderMemoryBytes(256 * 256, 8) > renderMemoryBytes(256 * 256, 1) + 7 * 20e6);
});

test('dataset: a frame size or worker count beyond memory is refused naming --width or --workers and the estimate, nothing written', async () => {
  const dir = tmp();
  await withLimit(4 * GIB, async () => {
    const big = await runInProcess(['dataset', '--source', 'procedural:2', '--width', '16384', '--height', '16384', '--workers', '0', '--out', join(dir, 'a')]);
    assert.equal(big.code, 2, big.stderr);
    assert.match(big.stderr, /^dualpix dataset: --width: rendering 16384x16384 frames on 1 thread needs about \d+\.\d GiB of memory, 4\.0 GiB is available\n$/);
    const many = await runInProcess(['dataset', '--source', 'procedural:200', '--width', '1024', '--height', '1024', '--workers', '64', '--out', join(dir, 'b')]);
    assert.equal(many.code, 2, many.stderr);
    assert.match(many.stderr, /^dualpix dataset: --workers: rendering 1024x1024 frames on 64 threads needs about \d+\.\d GiB/);
  });
  assert.deepEqual(readdirSync(dir), []);
});

test('metrics, deblur and synth refuse an image whose header promises more pixels than fit, naming the file, before decoding', async () => {
  const dir = tmp();
  const huge = join(dir, 'huge.png');
  hugePngHeader(huge, 20000, 20000);
  await withLimit(2 * GIB, async () => {
    for (const args of [
      ['metrics', '--pred', huge, '--gt', huge],
      ['deblur', '--left', huge, '--right', huge, '--out', join(dir, 'out.png')],
      ['synth', '--rgb', huge, '--depth', huge, '--out', join(dir, 'synth')],
    ]) {
      const r = await runInProcess(args);
      assert.equal(r.code, 2, `${args[0]}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`^dualpix ${args[0]}: \\S*huge\\.png: \\S+ this .*needs about \\d+\\.\\d GiB of memory, 2\\.0 GiB is available\\n$|^dualpix ${args[0]}: \\S*huge\\.png: scoring 400000000 px images needs about`), r.stderr);
    }
  });
  assert.equal(existsSync(join(dir, 'out.png')) || existsSync(join(dir, 'synth')), false);
});

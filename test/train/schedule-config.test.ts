import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../src/image/index.js';
import { flagName, learningRate, loadConfigFile, resolveConfig } from '../../src/train/index.js';
import { tmp } from '../data/fixtures.js';

test('learning rate: 5e-5 for epochs 0-39, halved at 40 and again at 80', () => {
  assert.equal(learningRate(0), 5e-5);
  assert.equal(learningRate(39), 5e-5);
  assert.equal(learningRate(40), 2.5e-5);
  assert.equal(learningRate(79), 2.5e-5);
  assert.equal(learningRate(80), 1.25e-5);
  assert.equal(learningRate(139), 6.25e-6);
  assert.ok(Math.abs(learningRate(10, { lr: 1e-3, decayEpochs: 5, factor: 0.1 }) - 1e-5) < 1e-18);
  assert.throws(() => learningRate(-1), RangeError);
});

test("resolved defaults are the paper's; width is a channel multiplier, 1 = the paper's network", () => {
  const c = resolveConfig(undefined, { data: 'D', out: 'O' });
  assert.equal(c.model, 'rdpd');
  assert.equal(c.width, 1);
  assert.equal(c.patch, 512);
  assert.equal(c.batchImages, 8);
  assert.equal(c.batchSequences, 2);
  assert.equal(c.seqLength, 4);
  assert.equal(c.lr, 5e-5);
  assert.equal(c.lrDecayEpochs, 40);
  assert.equal(c.edgeLambdaX, 0.03);
  assert.equal(c.edgeLambdaY, 0.02);
  assert.deepEqual(c.edgeScales, [3, 7, 11]);
  assert.equal(c.dropout, 0.4);
  assert.equal(resolveConfig({ data: 'D', out: 'O', model: 'dpdnet' }).width, 1);
  assert.equal(resolveConfig({ data: 'D', out: 'O' }, { width: '0.25' }).width, 0.25);
  assert.throws(() => resolveConfig({ data: 'D', out: 'O' }, { width: '0' }), /--width/);
});

test('command-line values override the file and are parsed by type', () => {
  const c = resolveConfig({ data: 'D', out: 'O', lr: 1e-4, patch: 256, flips: true }, { '--lr': '2e-4', 'batch-images': '4', flips: 'false', 'edge-scales': '3,5', seed: 9, patch: undefined });
  assert.equal(c.lr, 2e-4);
  assert.equal(c.batchImages, 4);
  assert.equal(c.flips, false);
  assert.deepEqual(c.edgeScales, [3, 5]);
  assert.equal(c.seed, 9);
  assert.equal(c.patch, 256);
  assert.equal(flagName('lrDecayEpochs'), '--lr-decay-epochs');
});

const inputError = (subject: string, pattern: RegExp) => (e: unknown) => e instanceof InputError && e.subject === subject && pattern.test(e.message);

test('config errors name the flag, or the file and its key', () => {
  assert.throws(() => resolveConfig({ data: 'D', out: 'O' }, { lr: 'fast' }), inputError('--lr', /"fast"/));
  assert.throws(() => resolveConfig({ data: 'D', out: 'O' }, { patch: '500' }), inputError('--patch', /multiple of 16.*500/));
  assert.throws(() => resolveConfig({ data: 'D', out: 'O' }, { 'batch-size': '3' }), inputError('--batch-size', /unknown/));
  assert.throws(() => resolveConfig({ data: 'D', out: 'O', dropout: 1.5 }, {}, 'train.json'), inputError('train.json', /setting "dropout".*1\.5/));
  assert.throws(() => resolveConfig({ data: 'D', out: 'O', model: 'unet' }, {}, 'train.json'), inputError('train.json', /"model".*rdpd/));
  assert.throws(() => resolveConfig({ data: 'D', out: 'O', learningRate: 1 }, {}, 'train.json'), inputError('train.json', /unknown setting "learningRate"/));
  assert.throws(() => resolveConfig({ out: 'O' }, {}), inputError('--data', /required/));
  assert.throws(() => resolveConfig([1, 2], {}, 'train.json'), inputError('train.json', /JSON object/));
  assert.throws(() => resolveConfig({ data: 'D', out: 'O' }, { 'edge-scales': '3,4' }), inputError('--edge-scales', /odd/));
});

test('config files load as JSON; unreadable or malformed files are named', () => {
  const dir = tmp();
  const good = join(dir, 'train.json');
  writeFileSync(good, JSON.stringify({ data: 'D', out: 'O', epochs: 3 }));
  assert.equal(resolveConfig(loadConfigFile(good), {}, good).epochs, 3);
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '{ "epochs": ');
  assert.throws(() => loadConfigFile(bad), inputError(bad, /not valid JSON/));
  assert.throws(() => loadConfigFile(join(dir, 'none.json')), inputError(join(dir, 'none.json'), /cannot read/));
});

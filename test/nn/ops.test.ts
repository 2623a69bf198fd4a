// Every primitive's gradient (and the composites models use) against finite differences and
// TensorFlow.js, through the one helper.
import { test } from 'node:test';
import type { Rng } from '../../src/image/index.js';
import { helperTestOp, nchw, nhwc, tf } from './helper.js';

const awayFromZero = (r: Rng): number => (r.uniform() < 0.5 ? -1 : 1) * (0.1 + r.uniform());
const positive = (r: Rng): number => 0.5 + r.uniform();
function distinct(): (r: Rng) => number {
  let k = 0;
  return () => ((k++ * 7919) % 97) * 0.05 - 2.4;
}
const tfConv = (x: tf.Tensor, w: tf.Tensor, pad: 'same' | 'valid'): tf.Tensor => nchw(tf.conv2d(nhwc(x), tf.transpose(w, [2, 3, 1, 0]) as tf.Tensor4D, 1, pad));

test('conv2d 3x3 with bias', () =>
  helperTestOp({
    inputs: [{ shape: [2, 3, 5, 5] }, { shape: [4, 3, 3, 3] }, { shape: [4] }],
    build: (g, [x, w, b]) => g.conv2d(x!, w!, b!),
    tf: ([x, w, b]) => tf.add(tfConv(x!, w!, 'same'), tf.reshape(b!, [1, 4, 1, 1])),
  }));
test('conv2d 2x2 same pads 0 before, 1 after (Keras)', () =>
  helperTestOp({
    inputs: [{ shape: [1, 2, 4, 5] }, { shape: [3, 2, 2, 2] }],
    build: (g, [x, w]) => g.conv2d(x!, w!),
    tf: ([x, w]) => tfConv(x!, w!, 'same'),
  }));
test('conv2d 5x5 same', () =>
  helperTestOp({
    inputs: [{ shape: [1, 2, 6, 6] }, { shape: [2, 2, 5, 5] }],
    build: (g, [x, w]) => g.conv2d(x!, w!),
    tf: ([x, w]) => tfConv(x!, w!, 'same'),
  }));
for (const [kh, kw] of [[1, 1], [4, 4], [7, 7], [11, 11], [1, 3]] as const) {
  test(`conv2d ${kh}x${kw} same (even sizes pad the extra pixel after, as Keras and TF do)`, () =>
    helperTestOp({
      inputs: [{ shape: [1, 2, 6, 7] }, { shape: [2, 2, kh, kw] }],
      build: (g, [x, w]) => g.conv2d(x!, w!),
      tf: ([x, w]) => tfConv(x!, w!, 'same'),
    }));
}
test('conv2d 3x3 valid', () =>
  helperTestOp({
    inputs: [{ shape: [1, 2, 5, 5] }, { shape: [2, 2, 3, 3] }],
    build: (g, [x, w]) => g.conv2d(x!, w!, null, { padding: 'valid' }),
    tf: ([x, w]) => tfConv(x!, w!, 'valid'),
  }));
test('conv2d depthwise (groups = channels, multiplier 2)', () =>
  helperTestOp({
    inputs: [{ shape: [1, 3, 4, 4] }, { shape: [6, 1, 3, 3] }],
    build: (g, [x, w]) => g.conv2d(x!, w!, null, { groups: 3 }),
    tf: ([x, w]) => nchw(tf.depthwiseConv2d(nhwc(x!), tf.transpose(tf.reshape(w!, [3, 2, 3, 3]), [2, 3, 0, 1]) as tf.Tensor4D, 1, 'same')),
  }));
test('conv2d grouped (2 groups of 2 channels)', () =>
  helperTestOp({
    inputs: [{ shape: [2, 4, 3, 3] }, { shape: [4, 2, 3, 3] }],
    build: (g, [x, w]) => g.conv2d(x!, w!, null, { groups: 2 }),
  }));

for (const input of ['conv', 'convtranspose'] as const) {
  for (const weight of ['onehot', 'slices', 'conv'] as const) {
    const convGrad = { input, weight };
    test(`conv2d gradient formulation input=${input} weight=${weight}: 3x3 batch 2, 2x2 Keras pads, depthwise`, async () => {
      await helperTestOp({
        convGrad,
        inputs: [{ shape: [2, 2, 4, 3] }, { shape: [3, 2, 3, 3] }],
        build: (g, [x, w]) => g.conv2d(x!, w!),
        tf: ([x, w]) => tfConv(x!, w!, 'same'),
      });
      await helperTestOp({
        convGrad,
        inputs: [{ shape: [2, 2, 3, 4] }, { shape: [2, 2, 2, 2] }],
        build: (g, [x, w]) => g.conv2d(x!, w!),
        tf: ([x, w]) => tfConv(x!, w!, 'same'),
      });
      await helperTestOp({
        convGrad,
        inputs: [{ shape: [2, 2, 3, 3] }, { shape: [4, 1, 3, 3] }],
        build: (g, [x, w]) => g.conv2d(x!, w!, null, { groups: 2 }),
        tf: ([x, w]) => nchw(tf.depthwiseConv2d(nhwc(x!), tf.transpose(tf.reshape(w!, [2, 2, 3, 3]), [2, 3, 0, 1]) as tf.Tensor4D, 1, 'same')),
      });
    });
  }
}

const unary = [
  ['relu', awayFromZero, tf.relu],
  ['sigmoid', undefined, tf.sigmoid],
  ['tanh', undefined, tf.tanh],
  ['exp', undefined, tf.exp],
  ['log', positive, tf.log],
  ['sqrt', positive, tf.sqrt],
  ['neg', undefined, tf.neg],
] as const;
for (const [op, sample, ref] of unary) {
  test(`${op}`, () =>
    helperTestOp({
      inputs: [{ shape: [2, 3, 2, 2], ...(sample ? { sample } : {}) }],
      build: (g, [x]) => g[op](x!),
      tf: ([x]) => ref(x!),
    }));
}
test('hardSigmoid (Keras 2: clip(0.2x+0.5, 0, 1))', () =>
  helperTestOp({
    inputs: [{ shape: [3, 8], sample: (r) => (r.uniform() < 0.5 ? -1 : 1) * (r.uniform() < 0.3 ? 2.6 + r.uniform() : 2.4 * r.uniform()) }],
    build: (g, [x]) => g.hardSigmoid(x!),
    tf: ([x]) => tf.clipByValue(tf.add(tf.mul(x!, 0.2), 0.5), 0, 1),
  }));
test('clip', () =>
  helperTestOp({
    inputs: [{ shape: [4, 5], sample: (r) => (r.uniform() < 0.5 ? 0.45 : 0.55) * 2 * (r.uniform() < 0.5 ? -1 : 1) + 0.02 * r.normal() }],
    build: (g, [x]) => g.clip(x!, -1, 1),
    tf: ([x]) => tf.clipByValue(x!, -1, 1),
  }));
test('add with bias broadcast [1,3,1,1]', () =>
  helperTestOp({
    inputs: [{ shape: [2, 3, 2, 2] }, { shape: [1, 3, 1, 1] }],
    build: (g, [a, b]) => g.add(a!, b!),
    tf: ([a, b]) => tf.add(a!, b!),
  }));
test('sub with a lower-rank operand [2]', () =>
  helperTestOp({
    inputs: [{ shape: [3, 2, 2] }, { shape: [2] }],
    build: (g, [a, b]) => g.sub(a!, b!),
    tf: ([a, b]) => tf.sub(a!, b!),
  }));
test('mul with broadcast on both sides', () =>
  helperTestOp({
    inputs: [{ shape: [2, 1, 3] }, { shape: [1, 4, 3] }],
    build: (g, [a, b]) => g.mul(a!, b!),
    tf: ([a, b]) => tf.mul(a!, b!),
  }));
test('div', () =>
  helperTestOp({
    inputs: [{ shape: [2, 3] }, { shape: [2, 3], sample: positive }],
    build: (g, [a, b]) => g.div(a!, b!),
    tf: ([a, b]) => tf.div(a!, b!),
  }));
test('scalar mul and add', () =>
  helperTestOp({
    inputs: [{ shape: [2, 3] }],
    build: (g, [a]) => g.add(g.mul(a!, -1.5), 0.25),
    tf: ([a]) => tf.add(tf.mul(a!, -1.5), 0.25),
  }));
test('maxPool2 (gradient routed to the argmax)', () =>
  helperTestOp({
    inputs: [{ shape: [1, 2, 4, 6], sample: distinct() }],
    build: (g, [x]) => g.maxPool2(x!),
    tf: ([x]) => nchw(tf.maxPool(nhwc(x!), 2, 2, 'valid')),
  }));
test('maxPool2 on odd sizes drops the last row and column', () =>
  helperTestOp({
    inputs: [{ shape: [2, 1, 5, 3], sample: distinct() }],
    build: (g, [x]) => g.maxPool2(x!),
    tf: ([x]) => nchw(tf.maxPool(nhwc(x!), 2, 2, 'valid')),
  }));
test('upsample2 (gradient = 2x2 sum)', () =>
  helperTestOp({
    inputs: [{ shape: [1, 2, 3, 2] }],
    build: (g, [x]) => g.upsample2(x!),
    tf: ([x]) => nchw(tf.image.resizeNearestNeighbor(nhwc(x!), [6, 4])),
  }));
test('concat on channels', () =>
  helperTestOp({
    inputs: [{ shape: [1, 2, 3, 3] }, { shape: [1, 3, 3, 3] }],
    build: (g, [a, b]) => g.concat([a!, b!]),
    tf: ([a, b]) => tf.concat([a!, b!], 1),
  }));
test('slice with negative and open ends', () =>
  helperTestOp({
    inputs: [{ shape: [2, 4, 5] }],
    build: (g, [x]) => g.slice(x!, [1, 2, 0], [3, Infinity, -1], [1, 2, 0]),
    tf: ([x]) => tf.slice(x!, [0, 1, 2], [1, 2, 3]),
  }));
test('pad', () =>
  helperTestOp({
    inputs: [{ shape: [1, 2, 3, 3] }],
    build: (g, [x]) => g.pad(x!, [0, 1, 2, 0], [0, 0, 1, 2]),
    tf: ([x]) => tf.pad(x!, [[0, 0], [1, 0], [2, 1], [0, 2]]),
  }));
test('reshape and transpose', () =>
  helperTestOp({
    inputs: [{ shape: [2, 3, 4] }],
    build: (g, [x]) => g.transpose(g.reshape(x!, [6, 4]), [1, 0]),
    tf: ([x]) => tf.transpose(tf.reshape(x!, [6, 4]), [1, 0]),
  }));
test('transpose rank 3', () =>
  helperTestOp({
    inputs: [{ shape: [2, 3, 4] }],
    build: (g, [x]) => g.transpose(x!, [2, 0, 1]),
    tf: ([x]) => tf.transpose(x!, [2, 0, 1]),
  }));
test('matmul 2-D', () =>
  helperTestOp({
    inputs: [{ shape: [3, 4] }, { shape: [4, 5] }],
    build: (g, [a, b]) => g.matmul(a!, b!),
    tf: ([a, b]) => tf.matMul(a!, b!),
  }));
test('matmul batched', () =>
  helperTestOp({
    inputs: [{ shape: [2, 3, 4] }, { shape: [2, 4, 2] }],
    build: (g, [a, b]) => g.matmul(a!, b!),
    tf: ([a, b]) => tf.matMul(a!, b!),
  }));
test('sum over axes, keepdims', () =>
  helperTestOp({
    inputs: [{ shape: [2, 3, 4] }],
    build: (g, [x]) => g.sum(x!, [0, 2], true),
    tf: ([x]) => tf.sum(x!, [0, 2], true),
  }));
test('mean over axes', () =>
  helperTestOp({
    inputs: [{ shape: [2, 3, 4] }],
    build: (g, [x]) => g.mean(x!, [1]),
    tf: ([x]) => tf.mean(x!, [1]),
  }));
test('mean of everything', () =>
  helperTestOp({
    inputs: [{ shape: [2, 3, 4] }],
    build: (g, [x]) => g.mean(x!),
    tf: ([x]) => tf.mean(x!),
  }));
test('dropout with an explicit mask (mask not differentiated)', () =>
  helperTestOp({
    inputs: [{ shape: [2, 6] }, { shape: [2, 6], sample: (r) => (r.uniform() < 0.3 ? 0 : 1) }],
    constantInputs: [1],
    build: (g, [x, m]) => g.dropout(x!, m!, 0.3),
    tf: ([x, m]) => tf.div(tf.mul(x!, m!), 0.7),
  }));
test('a shared kernel used three times accumulates its gradient', () =>
  helperTestOp({
    inputs: [{ shape: [1, 2, 4, 4] }, { shape: [2, 2, 3, 3], sample: (r) => 0.3 * r.normal() }],
    build: (g, [x, w]) => g.conv2d(g.tanh(g.conv2d(g.tanh(g.conv2d(x!, w!)), w!)), w!),
    tf: ([x, w]) => tfConv(tf.tanh(tfConv(tf.tanh(tfConv(x!, w!, 'same')), w!, 'same')), w!, 'same'),
  }));

test('a ConvLSTM cell (Keras gate order i,f,c,o, hard sigmoid) over two steps needs no rule of its own', () =>
  helperTestOp({
    inputs: [{ shape: [1, 2, 3, 3] }, { shape: [1, 2, 3, 3] }, { shape: [8, 2, 3, 3], sample: (r) => 0.2 * r.normal() }, { shape: [8, 2, 3, 3], sample: (r) => 0.2 * r.normal() }, { shape: [8], sample: (r) => 0.2 * r.normal() }],
    build: (g, [x1, x2, w, u, b]) => {
      const gate = (z: ReturnType<typeof g.add>, k: number) => g.slice(z, [2 * k], [2 * k + 2], [1]);
      const cell = (x: typeof x1, h: typeof x1 | null, c: typeof x1 | null) => {
        const zx = g.conv2d(x!, w!, b!);
        const z = h ? g.add(zx, g.conv2d(h, u!)) : zx;
        const i = g.hardSigmoid(gate(z, 0));
        const f = g.hardSigmoid(gate(z, 1));
        const cNew = g.add(c ? g.mul(f, c) : g.mul(f, 0), g.mul(i, g.tanh(gate(z, 2))));
        const o = g.hardSigmoid(gate(z, 3));
        return { h: g.mul(o, g.tanh(cNew)), c: cNew };
      };
      const s1 = cell(x1!, null, null);
      const s2 = cell(x2!, s1.h, s1.c);
      return g.concat([s1.h, s2.h, s2.c]);
    },
    tf: ([x1, x2, w, u, b]) => {
      const hs = (z: tf.Tensor) => tf.clipByValue(tf.add(tf.mul(z, 0.2), 0.5), 0, 1);
      const gate = (z: tf.Tensor, k: number) => tf.slice(z, [0, 2 * k, 0, 0], [1, 2, 3, 3]);
      const cell = (x: tf.Tensor, h: tf.Tensor | null, c: tf.Tensor | null) => {
        const zx = tf.add(tfConv(x, w!, 'same'), tf.reshape(b!, [1, 8, 1, 1]));
        const z = h ? tf.add(zx, tfConv(h, u!, 'same')) : zx;
        const cNew = tf.add(c ? tf.mul(hs(gate(z, 1)), c) : tf.zerosLike(gate(z, 1)), tf.mul(hs(gate(z, 0)), tf.tanh(gate(z, 2))));
        return { h: tf.mul(hs(gate(z, 3)), tf.tanh(cNew)), c: cNew };
      };
      const s1 = cell(x1!, null, null);
      const s2 = cell(x2!, s1.h, s1.c);
      return tf.concat([s1.h, s2.h, s2.c], 1);
    },
  }));

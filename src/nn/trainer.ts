import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import { InputError, writeFileAtomic } from '../image/index.js';
import { checkFeeds, fromOrt, sessionOptions, toOrt, type RuntimeOptions } from './runtime.js';
import { decodeSafetensors, encodeSafetensors } from './safetensors.js';
import { fmt } from './shape.js';
import type { HostTensor, ParamStore } from './tensor.js';
import { STEP_IO, newName, stateName, type TrainStep } from './train-step.js';

/** What one training step returns. */
export interface StepResult {
  /** The loss before the update. */
  loss: number;
  /** Global L2 norm of the gradients before clipping. */
  gradNorm: number;
  /** Extra outputs requested when the step was built. */
  outputs: Record<string, HostTensor>;
}

const CHECKPOINT_FORMAT = 'dualpix-checkpoint-1';

/**
 * Runs a TrainStep repeatedly in ONNX Runtime. Parameters and optimizer state live as ORT
 * tensors: each step's outputs are fed to the next step as they are, without copies.
 */
export class Trainer {
  private readonly tensors = new Map<string, ort.Tensor>();
  private done = 0;

  private constructor(
    private readonly session: ort.InferenceSession,
    readonly spec: TrainStep,
    private readonly all: ParamStore,
  ) {}

  /** Opens a session for `step` starting from `params` with zero optimizer state at step 0. */
  static async create(step: TrainStep, params: ParamStore, options?: RuntimeOptions): Promise<Trainer> {
    const session = await ort.InferenceSession.create(step.onnx, sessionOptions(options));
    const t = new Trainer(session, step, new Map(params));
    for (const p of step.params) {
      const v = params.get(p.name);
      if (v === undefined) throw new InputError('Trainer', `missing parameter '${p.name}' ${fmt(p.shape)}`);
      if (v.shape.length !== p.shape.length || v.shape.some((d, i) => d !== p.shape[i])) throw new InputError('Trainer', `parameter '${p.name}' has shape ${fmt(v.shape)}, the step needs ${fmt(p.shape)}`);
      t.tensors.set(p.name, toOrt({ data: Float32Array.from(v.data), shape: p.shape }));
      for (const s of step.slots) t.tensors.set(stateName(s, p.name), toOrt({ data: new Float32Array(v.data.length), shape: p.shape }));
    }
    return t;
  }

  /** Number of completed steps. */
  get steps(): number {
    return this.done;
  }

  /** Runs one step on a batch with learning rate `lr`; updates parameters and state in place of the old ones. */
  async step(feeds: Readonly<Record<string, HostTensor>>, lr: number): Promise<StepResult> {
    checkFeeds(this.spec.inputs, feeds, 'Trainer.step');
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const name of this.spec.inputs.keys()) ortFeeds[name] = toOrt(feeds[name] as HostTensor);
    for (const [name, t] of this.tensors) ortFeeds[name] = t;
    ortFeeds[STEP_IO.lr] = new ort.Tensor('float32', Float32Array.of(lr), []);
    ortFeeds[STEP_IO.stepsDone] = new ort.Tensor('float32', Float32Array.of(this.done), []);
    const res = await this.session.run(ortFeeds);
    for (const name of this.tensors.keys()) this.tensors.set(name, res[newName(name)] as ort.Tensor);
    this.done++;
    const outputs: Record<string, HostTensor> = {};
    for (const name of this.spec.extraOutputs) outputs[name] = fromOrt(res[name] as ort.Tensor);
    return { loss: (res[STEP_IO.loss] as ort.Tensor).data[0] as number, gradNorm: (res[STEP_IO.gradNorm] as ort.Tensor).data[0] as number, outputs };
  }

  /** Current parameters, trained and untrained, by name (arrays are not modified by later steps). */
  params(): ParamStore {
    const out: ParamStore = new Map(this.all);
    for (const p of this.spec.params) out.set(p.name, fromOrt(this.tensors.get(p.name) as ort.Tensor));
    return out;
  }

  /** Serializes parameters, optimizer state and the step count as safetensors bytes. */
  checkpoint(): Uint8Array {
    const tensors = new Map<string, HostTensor>();
    for (const [name, t] of this.params()) tensors.set(`param/${name}`, t);
    for (const p of this.spec.params) for (const s of this.spec.slots) {
      const n = stateName(s, p.name);
      tensors.set(n, fromOrt(this.tensors.get(n) as ort.Tensor));
    }
    return encodeSafetensors(tensors, { format: CHECKPOINT_FORMAT, optimizer: this.spec.optimizer, steps: String(this.done) });
  }

  /** Writes checkpoint() to `path` atomically (temporary name, then rename). */
  async saveCheckpoint(path: string): Promise<void> {
    writeFileAtomic(path, this.checkpoint());
  }

  /** Restores parameters, optimizer state and step count from checkpoint bytes; later steps continue bit-exactly. */
  restore(bytes: Uint8Array, subject = 'checkpoint'): void {
    const { tensors, metadata } = decodeSafetensors(bytes, subject);
    if (metadata['format'] !== CHECKPOINT_FORMAT) throw new InputError(subject, `not a dualpix checkpoint (format ${metadata['format'] ?? 'missing'})`);
    if (metadata['optimizer'] !== this.spec.optimizer) throw new InputError(subject, `saved with optimizer ${metadata['optimizer']}, this step uses ${this.spec.optimizer}`);
    const names = [...this.tensors.keys()];
    for (const name of names) {
      const key = this.spec.params.some((p) => p.name === name) ? `param/${name}` : name;
      const t = tensors.get(key);
      const want = (this.tensors.get(name) as ort.Tensor).dims;
      if (t === undefined) throw new InputError(subject, `missing tensor '${key}'`);
      if (t.shape.length !== want.length || t.shape.some((d, i) => d !== want[i])) throw new InputError(subject, `tensor '${key}' has shape ${fmt(t.shape)}, expected ${fmt(want)}`);
    }
    for (const name of names) {
      const key = this.spec.params.some((p) => p.name === name) ? `param/${name}` : name;
      this.tensors.set(name, toOrt(tensors.get(key) as HostTensor));
    }
    for (const [key, t] of tensors) if (key.startsWith('param/') && this.all.has(key.slice(6))) this.all.set(key.slice(6), t);
    this.done = Number(metadata['steps'] ?? '0');
  }

  /** Reads a checkpoint file written by saveCheckpoint and restores it. */
  async loadCheckpoint(path: string): Promise<void> {
    this.restore(await readFile(path), path);
  }

  /** Frees the native session. */
  async release(): Promise<void> {
    await this.session.release();
  }
}

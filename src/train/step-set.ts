// Several compiled training steps (one ONNX Runtime session per batch shape: T = 1 for image
// batches, T = 4 for sequence batches) that share one set of parameters, optimizer moments and
// step count. A Trainer keeps its tensors to itself, so the state is handed from one session to
// the other through the Trainer's own checkpoint bytes when the batch kind changes: exact float
// copies, so alternating sessions gives the same numbers as one session would.
import { InputError } from '../image/index.js';
import { Trainer, decodeSafetensors, encodeSafetensors, type HostTensor, type ParamStore, type RuntimeOptions, type StepResult, type TrainStep } from '../nn/index.js';

/** Parameters (`param/NAME`) and optimizer moments (`opt.SLOT/NAME`) of a run, with the step count. */
export interface TrainState {
  /** Every tensor by checkpoint key, in a stable order. */
  readonly tensors: ReadonlyMap<string, HostTensor>;
  /** Optimizer steps taken so far. */
  readonly steps: number;
}

/** Training steps keyed by batch kind, sharing one TrainState. */
export class StepSet<K extends string> {
  private active: K | null = null;
  private readonly state = new Map<string, HostTensor>();
  private meta: Record<string, string> = {};

  private constructor(private readonly trainers: ReadonlyMap<K, Trainer>) {}

  /** Opens one session per step, all starting from `params` with zero moments at step 0. */
  static async create<K extends string>(steps: ReadonlyMap<K, TrainStep>, params: ParamStore, options?: RuntimeOptions): Promise<StepSet<K>> {
    const trainers = new Map<K, Trainer>();
    for (const [kind, step] of steps) trainers.set(kind, await Trainer.create(step, params, options));
    const set = new StepSet(trainers);
    // Union of every session's tensors: a T=1 step may not train what only recurrence reaches.
    for (const t of trainers.values()) set.absorb(t);
    return set;
  }

  /** Runs one step of kind `kind` on `feeds` with learning rate `lr`. */
  async step(kind: K, feeds: Readonly<Record<string, HostTensor>>, lr: number): Promise<StepResult> {
    return (await this.use(kind)).step(feeds, lr);
  }

  /** Optimizer steps taken so far. */
  get steps(): number {
    return this.active === null ? Number(this.meta['steps'] ?? '0') : this.trainer(this.active).steps;
  }

  /** The current state (copies independent of later steps). */
  snapshot(): TrainState {
    if (this.active !== null) this.absorb(this.trainer(this.active));
    return { tensors: new Map(this.state), steps: Number(this.meta['steps'] ?? '0') };
  }

  /** Current parameters by name (without the `param/` prefix). */
  params(): ParamStore {
    const out: ParamStore = new Map();
    for (const [key, t] of this.snapshot().tensors) if (key.startsWith('param/')) out.set(key.slice(6), t);
    return out;
  }

  /** Replaces the state (from a checkpoint `subject`); every tensor of the run must be there with its shape. */
  load(state: TrainState, subject: string): void {
    for (const [key, want] of this.state) {
      const t = state.tensors.get(key);
      if (t === undefined) throw new InputError(subject, `missing tensor '${key}' (was it written for another model or width?)`);
      if (t.shape.length !== want.shape.length || t.shape.some((d, i) => d !== want.shape[i])) {
        throw new InputError(subject, `tensor '${key}' has shape [${t.shape.join(',')}], this model needs [${want.shape.join(',')}]`);
      }
    }
    for (const key of this.state.keys()) this.state.set(key, state.tensors.get(key) as HostTensor);
    this.meta = { ...this.meta, steps: String(state.steps) };
    this.active = null;
  }

  /** Frees every session. */
  async release(): Promise<void> {
    for (const t of this.trainers.values()) await t.release();
  }

  private trainer(kind: K): Trainer {
    const t = this.trainers.get(kind);
    if (!t) throw new RangeError(`StepSet: no training step for batch kind '${kind}'`);
    return t;
  }

  private async use(kind: K): Promise<Trainer> {
    const next = this.trainer(kind);
    if (this.active === kind) return next;
    if (this.active !== null) this.absorb(this.trainer(this.active));
    next.restore(encodeSafetensors(this.state, this.meta), `training state for ${kind} batches`);
    this.active = kind;
    return next;
  }

  private absorb(t: Trainer): void {
    const { tensors, metadata } = decodeSafetensors(t.checkpoint());
    for (const [key, v] of tensors) this.state.set(key, v);
    this.meta = metadata;
  }
}

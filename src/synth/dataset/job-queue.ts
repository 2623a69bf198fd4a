// Which job a free worker takes next. Jobs of one group (a sequence's frames) share work a worker
// caches (the sequence's PSF kernels, its photo and depth layout), so a worker keeps to the group
// it started while that group has jobs left, and a free worker starts a group nobody holds.

/** Hands out job indices 0…n−1, each once, preferring the group a worker last took from. */
export class GroupedJobQueue<W> {
  private readonly queues = new Map<number, number[]>();
  private readonly order: number[] = [];
  private readonly held = new Set<number>();
  private readonly last = new Map<W, number>();
  private first = 0;
  private left: number;

  /** `group(i)` is job i's group (any number); jobs of a group are handed out in index order. */
  constructor(count: number, group: (index: number) => number = (i) => i) {
    for (let i = 0; i < count; i++) {
      const g = group(i);
      let q = this.queues.get(g);
      if (q === undefined) {
        q = [];
        this.queues.set(g, q);
        this.order.push(g);
      }
      q.push(i);
    }
    this.left = count;
  }

  /** Jobs not yet handed out. */
  get remaining(): number {
    return this.left;
  }

  /** The next job for `worker`, or undefined when every job has been handed out. */
  take(worker: W): number | undefined {
    if (this.left === 0) return undefined;
    const mine = this.last.get(worker);
    if (mine !== undefined && this.queues.get(mine)!.length > 0) return this.pop(mine);
    if (mine !== undefined) this.held.delete(mine);
    while (this.queues.get(this.order[this.first]!)!.length === 0) this.first++;
    let fallback: number | undefined;
    for (let k = this.first; k < this.order.length; k++) {
      const g = this.order[k]!;
      if (this.queues.get(g)!.length === 0) continue;
      if (!this.held.has(g)) {
        this.held.add(g);
        this.last.set(worker, g);
        return this.pop(g);
      }
      // Every group with jobs may be held by another worker (at most one per worker): help the first.
      fallback ??= g;
      if (k - this.first > this.held.size) break;
    }
    return this.pop(fallback!);
  }

  private pop(g: number): number {
    this.left--;
    return this.queues.get(g)!.shift()!;
  }
}

/**
 * The run queue: at most `maxConcurrent` runs at once, the rest wait in order. It only
 * decides; starting a process is the `start` callback's job, which must later report the
 * end with `finished(key)`.
 */
export interface QueueSnapshot<T> {
  running: Array<{ key: string; item: T }>;
  queued: Array<{ key: string; item: T }>;
}

export class RunQueue<T> {
  private readonly running = new Map<string, T>();
  private readonly waiting: Array<{ key: string; item: T }> = [];
  private readonly changeListeners: Array<() => void> = [];

  constructor(
    private maxConcurrent: number,
    private readonly start: (key: string, item: T) => void,
  ) {
    this.maxConcurrent = normaliseLimit(maxConcurrent);
  }

  onChange(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  enqueue(key: string, item: T): void {
    if (this.has(key)) throw new Error(`run queue: "${key}" is already queued or running`);
    this.waiting.push({ key, item });
    this.fill();
    this.changed();
  }

  /** A run already going (re-attached after a reload) takes a slot without being started. */
  adopt(key: string, item: T): void {
    if (this.has(key)) return;
    this.running.set(key, item);
    this.changed();
  }

  finished(key: string): void {
    if (!this.running.delete(key)) return;
    this.fill();
    this.changed();
  }

  /** Removes a waiting run; false when it is not waiting (running or unknown). */
  cancel(key: string): boolean {
    const index = this.waiting.findIndex((entry) => entry.key === key);
    if (index < 0) return false;
    this.waiting.splice(index, 1);
    this.changed();
    return true;
  }

  setMaxConcurrent(limit: number): void {
    this.maxConcurrent = normaliseLimit(limit);
    this.fill();
    this.changed();
  }

  has(key: string): boolean {
    return this.running.has(key) || this.waiting.some((entry) => entry.key === key);
  }

  snapshot(): QueueSnapshot<T> {
    return {
      running: [...this.running].map(([key, item]) => ({ key, item })),
      queued: this.waiting.map((entry) => ({ ...entry })),
    };
  }

  private fill(): void {
    while (this.running.size < this.maxConcurrent && this.waiting.length > 0) {
      const next = this.waiting.shift()!;
      this.running.set(next.key, next.item);
      this.start(next.key, next.item);
    }
  }

  private changed(): void {
    for (const listener of this.changeListeners) listener();
  }
}

function normaliseLimit(limit: number): number {
  return Number.isFinite(limit) && limit >= 1 ? Math.floor(limit) : 1;
}

/**
 * Runs tasks one at a time per key, in arrival order, and different keys in parallel.
 * Two quick messages from one person must not interleave their turns: botbuilder saves state
 * with eTag '*' (last writer wins), so the second turn would overwrite the first.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();
  private running = 0;
  private idleWaiters: Array<() => void> = [];

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    this.running++;
    const result = previous.catch(() => undefined).then(task);
    const tail = result.finally(() => {
      this.running--;
      if (this.tails.get(key) === tail) this.tails.delete(key);
      if (this.running === 0) this.idleWaiters.splice(0).forEach((w) => w());
    });
    this.tails.set(key, tail.catch(() => undefined));
    return result;
  }

  get size(): number {
    return this.running;
  }

  /** Resolves when no task is running (used by graceful shutdown). */
  idle(): Promise<void> {
    return this.running === 0 ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}

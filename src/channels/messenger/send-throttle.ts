/**
 * A token bucket that keeps calls below a rate. Meta allows a Page 300 Send API calls a second
 * for text (channels.md B3, [FB-rl]); staying below it avoids 613/4 errors when a burst of
 * residents write at once (a poster campaign, a broadcast on the commune loudspeaker).
 * The bucket holds a fifth of a second's worth, so short bursts pass without waiting.
 */
export class SendThrottle {
  private tokens: number;
  private last: number;
  private readonly capacity: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (perSecond <= 0) throw new Error('rate must be positive');
    this.capacity = Math.max(1, Math.floor(perSecond / 5));
    this.tokens = this.capacity;
    this.last = this.now();
  }

  /** Resolves when a call may go out. Callers are served in order. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.wait());
    this.queue = turn;
    return turn;
  }

  private async wait(): Promise<void> {
    for (;;) {
      const t = this.now();
      this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) * this.perSecond) / 1000);
      this.last = t;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await new Promise((r) => setTimeout(r, Math.ceil(((1 - this.tokens) * 1000) / this.perSecond)));
    }
  }
}

/** One call's outcome in a group: its value, or the error that call alone gets. */
export type Settled<R> = { value: R } | { error: unknown };

interface Waiting<T, R> {
  item: T;
  resolve(value: R): void;
  reject(error: unknown): void;
}

/**
 * Calls that arrive while the database is busy go to it together. A call goes at once while
 * fewer than `inFlight` groups are running; otherwise it waits for one to end and goes with
 * every call that queued meanwhile (at most `maxGroup`). Alone, a call costs no extra wait; under
 * load, one round trip (and for appends one commit) serves many.
 */
export class CallGroups<T, R> {
  private readonly waiting: Waiting<T, R>[] = [];
  private running = 0;

  constructor(
    private readonly inFlight: number,
    private readonly maxGroup: number,
    /** Settles every item, in the order given. */
    private readonly run: (items: T[]) => Promise<Settled<R>[]>,
  ) {}

  call(item: T): Promise<R> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.send();
    });
  }

  private send(): void {
    while (this.running < this.inFlight && this.waiting.length > 0) {
      const group = this.waiting.splice(0, this.maxGroup);
      this.running++;
      this.run(group.map((w) => w.item))
        .then(
          (settled) =>
            group.forEach((w, i) => {
              const outcome = settled[i] ?? { error: new Error('the group returned no outcome for this call') };
              if ('value' in outcome) w.resolve(outcome.value);
              else w.reject(outcome.error);
            }),
          (error: unknown) => group.forEach((w) => w.reject(error)),
        )
        .finally(() => {
          this.running--;
          this.send();
        });
    }
  }
}

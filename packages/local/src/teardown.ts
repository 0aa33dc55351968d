/**
 * The runtime's tear-down, built as it starts: each service pushes its stop once it is up, and
 * `run()` stops them in reverse order — on Ctrl-C, at the end of a test, or when a later step of
 * the start-up fails, so a failed start leaves no thread, server or port behind.
 */
export class Teardown {
  private readonly stops: { name: string; stop: () => Promise<void> | void }[] = [];

  constructor(private readonly log: (line: string) => void = () => {}) {}

  /** Register `stop` for `name`; returns `value` so a start reads `const x = teardown.add("x", await start(), (x) => x.stop())`. */
  add<T>(name: string, value: T, stop: (value: T) => Promise<void> | void): T {
    this.stops.push({ name, stop: () => stop(value) });
    return value;
  }

  /** Stop everything registered, last first; a failing stop is logged and the rest still run. */
  async run(): Promise<void> {
    while (this.stops.length) {
      const { name, stop } = this.stops.pop()!;
      try {
        await stop();
      } catch (err) {
        this.log(`stop ${name}: ${(err as Error).message}`);
      }
    }
  }
}

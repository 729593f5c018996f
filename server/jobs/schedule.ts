// A job `lodestone serve` runs on a timer: the first run one interval after start, never two runs
// at once, and `stop` waits for a run in progress so the pool is not closed under it. A failed
// run is logged and the next one runs as planned.
import { jsonLogger, type Logger } from '../http/logging.ts';

export interface ScheduledJob {
  stop(): Promise<void>;
}

export function every(
  job: string,
  intervalMs: number,
  run: () => Promise<unknown>,
  logger?: Logger,
): ScheduledJob {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = run()
      .catch((err: Error) => (logger ?? jsonLogger('info')).error({ job, message: err.message }))
      .finally(() => {
        running = null;
      });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

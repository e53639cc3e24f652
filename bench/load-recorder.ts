// What the load benchmark measures: latency per step, answers by code, and the totals.
import { percentile } from "./stats";
export interface StepSummary {
  count: number;
  p50: number;
  p99: number;
}

export interface RunSummary {
  seconds: number;
  requests: number;
  perSecond: number;
  overall: StepSummary;
  steps: Record<string, StepSummary>;
  /** Refusals and failures by application code (or HTTP status); RATE_LIMITED among them. */
  codes: Record<string, number>;
  serverErrors: number;
}

export interface Summary {
  users: RunSummary;
  hammer?: RunSummary;
}

const summarise = (times: number[]): StepSummary => {
  const sorted = [...times].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
};

export class Recorder {
  private readonly times = new Map<string, number[]>();
  private readonly codes: Record<string, number> = {};
  private serverErrors = 0;

  /** One answer to `step` after `ms`; `code` when it was refused or failed. */
  record(step: string, ms: number, status: number, code?: string): void {
    const times = this.times.get(step) ?? [];
    times.push(ms);
    this.times.set(step, times);
    if (code) this.codes[code] = (this.codes[code] ?? 0) + 1;
    if (status >= 500 || status === 0) this.serverErrors += 1;
  }

  summary(seconds: number): RunSummary {
    const all = [...this.times.values()].flat();
    return {
      seconds,
      requests: all.length,
      perSecond: all.length / seconds,
      overall: summarise(all),
      steps: Object.fromEntries([...this.times].map(([step, times]) => [step, summarise(times)])),
      codes: { ...this.codes },
      serverErrors: this.serverErrors,
    };
  }

  static print(title: string, run: RunSummary): void {
    const ms = (n: number) => `${n.toFixed(0)} ms`;
    console.log(`\n${title}: ${run.requests} requests in ${run.seconds.toFixed(1)} s = ${run.perSecond.toFixed(1)}/s`);
    console.log("| step | count | p50 | p99 |\n|---|---|---|---|");
    for (const [step, s] of Object.entries(run.steps))
      console.log(`| ${step} | ${s.count} | ${ms(s.p50)} | ${ms(s.p99)} |`);
    console.log(`| all | ${run.overall.count} | ${ms(run.overall.p50)} | ${ms(run.overall.p99)} |`);
    const { RATE_LIMITED: limited = 0, ...refusals } = run.codes;
    console.log(
      `rate limited: ${limited}; other refusals and errors: ${JSON.stringify(refusals)}; 5xx or no answer: ${run.serverErrors}`,
    );
  }
}

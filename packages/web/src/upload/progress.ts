// Upload progress for people: bytes, percent, speed and time left.

export interface UploadProgress {
  loaded: number;
  total: number;
  percent: number;
  /** Over the last few seconds; undefined until there is enough to say. */
  bytesPerSecond?: number;
  secondsLeft?: number;
}

const windowMs = 5_000;

export class ProgressMeter {
  #samples: Array<{ at: number; loaded: number }> = [];

  constructor(
    private readonly total: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Forgets the speed so far: after a pause, or when resumed parts count as sent at once. */
  restart(loaded: number): UploadProgress {
    this.#samples = [{ at: this.now(), loaded }];
    return this.#report(loaded);
  }

  update(loaded: number): UploadProgress {
    const at = this.now();
    this.#samples.push({ at, loaded });
    while (this.#samples.length > 2 && at - this.#samples[0]!.at > windowMs) this.#samples.shift();
    return this.#report(loaded);
  }

  #report(loaded: number): UploadProgress {
    const percent = this.total > 0 ? Math.min(100, Math.floor((loaded / this.total) * 100)) : 100;
    const first = this.#samples[0];
    const elapsed = first ? (this.now() - first.at) / 1000 : 0;
    if (!first || elapsed < 0.5 || loaded <= first.loaded) return { loaded, total: this.total, percent };
    const bytesPerSecond = (loaded - first.loaded) / elapsed;
    return {
      loaded,
      total: this.total,
      percent,
      bytesPerSecond,
      secondsLeft: Math.ceil((this.total - loaded) / bytesPerSecond),
    };
  }
}

/** 8 → "8 s", 150 → "3 min": minutes once it is more than a minute and a half. */
export function formatSecondsLeft(seconds: number): string {
  return seconds >= 90 ? `${Math.round(seconds / 60)} min` : `${seconds} s`;
}

// Every rule that depends on time (token expiry, timed unlock, rate-limit
// windows, retry backoff) asks this clock, so tests move time instead of sleeping.

let offsetMs = 0;

export function now(): Date {
  return new Date(Date.now() + offsetMs);
}

/** Tests only: moves the clock forward. */
export function advanceClock(ms: number): void {
  offsetMs += ms;
}

/** Tests only: back to the real time. */
export function resetClock(): void {
  offsetMs = 0;
}

import { describe, expect, it } from "vitest";
import { pollDelayMs } from "./email-status";

describe("the status line's polling", () => {
  it("asks soon at first, then less and less often, never less than every 20 seconds once slowed", () => {
    const delays = Array.from({ length: 20 }, (_, attempt) => pollDelayMs(attempt));
    expect(delays[0]).toBe(2000);
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1]!);
    expect(Math.max(...delays)).toBe(20_000);
  });

  it("costs about three requests a minute over an hour left open", () => {
    let elapsed = 0;
    let requests = 0;
    while (elapsed < 3_600_000) elapsed += pollDelayMs(requests++);
    expect(requests).toBeLessThan(200);
    // Within the first half minute, enough questions to see a typical delivery at once.
    let early = 0;
    for (let t = pollDelayMs(0); t <= 30_000; t += pollDelayMs(++early));
    expect(early).toBeGreaterThanOrEqual(4);
  });
});

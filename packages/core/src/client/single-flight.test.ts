import { describe, expect, it } from "vitest";
import { SingleFlight } from "./single-flight.js";

/** A start function whose result the test settles by hand, recording the signals it was given. */
function manual() {
  const signals: AbortSignal[] = [];
  let settle: (value: string) => void = () => {};
  let starts = 0;
  const start = (flight: { signal: AbortSignal }) => {
    starts++;
    signals.push(flight.signal);
    return new Promise<string>((resolve) => (settle = resolve));
  };
  return { start, signals, settle: (v: string) => settle(v), starts: () => starts };
}
const aborted = () => new Error("aborted");

describe("SingleFlight", () => {
  it("coalesces callers of one key into one start", async () => {
    const flights = new SingleFlight<string>();
    const m = manual();
    const a = flights.join("k", m.start, false);
    const b = flights.join("k", m.start, false);
    expect([a.joined, b.joined]).toEqual([false, true]);
    expect(m.starts()).toBe(1);
    const waits = [flights.wait(a.flight, undefined, aborted), flights.wait(b.flight, undefined, aborted)];
    m.settle("v");
    expect(await Promise.all(waits)).toEqual(["v", "v"]);
    expect(flights.has("k")).toBe(false);
  });

  it("one caller aborting leaves the others' request running; the last one out cancels it", async () => {
    const flights = new SingleFlight<string>();
    const m = manual();
    const { flight } = flights.join("k", m.start, false);
    const c1 = new AbortController();
    const c2 = new AbortController();
    const w1 = flights.wait(flight, c1.signal, aborted);
    const w2 = flights.wait(flight, c2.signal, aborted);
    c1.abort();
    await expect(w1).rejects.toThrow("aborted");
    expect(m.signals[0]!.aborted).toBe(false);
    c2.abort();
    await expect(w2).rejects.toThrow("aborted");
    expect(m.signals[0]!.aborted).toBe(true);
    expect(flights.has("k")).toBe(false);
  });

  it("a pinned flight (a background refresh) is never cancelled by callers leaving", async () => {
    const flights = new SingleFlight<string>();
    const m = manual();
    const { flight } = flights.join("k", m.start, true);
    const c = new AbortController();
    const w = flights.wait(flight, c.signal, aborted);
    c.abort();
    await expect(w).rejects.toThrow("aborted");
    expect(m.signals[0]!.aborted).toBe(false);
    expect(flights.has("k")).toBe(true);
  });

  it("fence(key) marks that key's flights and makes the next caller start afresh; other keys are untouched", () => {
    const flights = new SingleFlight<string>();
    const m = manual();
    const a = flights.join("a", m.start, false).flight;
    const b = flights.join("b", m.start, false).flight;
    flights.fence((key) => key === "a");
    expect([a.fenced, b.fenced]).toEqual([true, false]);
    expect(flights.join("a", m.start, false).joined).toBe(false);
    expect(flights.join("b", m.start, false).joined).toBe(true);
  });

  it("fence reaches a flight that is no longer joinable, and fenceAll reaches every flight", () => {
    const flights = new SingleFlight<string>();
    const m = manual();
    const old = flights.join("k", m.start, false).flight;
    flights.fence((key) => key === "k");
    const next = flights.join("k", m.start, false).flight;
    const other = flights.join("j", m.start, false).flight;
    expect(next.fenced).toBe(false);
    flights.fenceAll();
    expect([old.fenced, next.fenced, other.fenced]).toEqual([true, true, true]);
  });
});

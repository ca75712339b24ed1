/*
 * The clocks tests run on. No test depends on today's date: a layer either fixes its clock (the server suites,
 * the components, the compiled mini-program, all at TEST_NOW) or runs on the real time and derives every day
 * from it (the end-to-end journeys, in Chromium against the real server).
 */

/** Date as the process had it before any test replaced it (a harness' own timeouts must keep real time). */
const RealDate = Date

/** Tuesday 17 November 2026, 10:00 China time: where the fixed clocks stand until a test moves them. */
export const TEST_NOW = new RealDate('2026-11-17T10:00:00+08:00')

/** The clock a test app runs on: reading `now` tells the time, assigning it moves the clock there. */
export type TestClock = { now: Date }

/** The real time in milliseconds, whatever `Date` has been replaced with. */
export function realTime(): number {
  return RealDate.now()
}

/**
 * A clock that runs like a real one from `startAt` (default: the real time now); assigning `now` moves it to
 * that instant, from where it runs on. It keeps running when a test fakes `Date`.
 */
export function runningClock(startAt?: Date): TestClock {
  let offset = startAt ? startAt.getTime() - realTime() : 0
  return {
    get now() {
      return new RealDate(realTime() + offset)
    },
    set now(at: Date) {
      offset = at.getTime() - realTime()
    },
  }
}

/**
 * Makes `clock` the process's `Date`: `new Date()`, `Date.now()` and `Date()` read it, every other use of Date
 * (parsing, `new Date(ms)`, `instanceof Date`) is the real one. The compiled mini-program and the server in one
 * process then share one clock, as a phone and the server agree on the time. Returns the undo.
 */
export function installClockAsDate(clock: TestClock): () => void {
  function ClockDate(this: unknown, ...args: unknown[]) {
    if (!new.target) return new RealDate(clock.now.getTime()).toString()
    return args.length === 0 ? new RealDate(clock.now.getTime()) : new (RealDate as unknown as new (...a: unknown[]) => Date)(...args)
  }
  ClockDate.prototype = RealDate.prototype
  // Date.parse, Date.UTC … come from the real Date.
  Object.setPrototypeOf(ClockDate, RealDate)
  ClockDate.now = () => clock.now.getTime()
  globalThis.Date = ClockDate as unknown as DateConstructor
  return () => {
    globalThis.Date = RealDate
  }
}

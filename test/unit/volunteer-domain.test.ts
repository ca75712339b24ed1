import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  rosterActions,
  activityActions,
  cancelDeadline,
  certificateNumber,
  CHECK_IN_OPENS_MINUTES,
  CHECK_OUT_GRACE_MINUTES,
  checkInOpen,
  halfMaskName,
  hoursOf,
  parseQrPayload,
  qrPayload,
  QR_WINDOW_SECONDS,
  qrWindow,
  serviceMinutes,
  starLevel,
  verificationCode,
  verifyQr,
  type ActivityState,
  type SignupState,
} from '../../server/src/modules/volunteer/volunteer.domain'

/*
 * 志愿服务's pure rules: service time inside the scheduled window in half hours, 星级 at 100/300/600/1000/1500 h
 * (PRODUCT.md), the organiser's rotating check-in code (valid in its 30-second window and the next, never after),
 * what a volunteer or organiser may do with an activity at a given moment, and the certificate's number, code
 * and the half-masked name. Expected values are written out by hand, not derived from the code under test.
 */

const MIN = 60_000
const HOUR = 60 * MIN
/** An instant written in China time. */
const at = (local: string) => Date.parse(`${local}+08:00`)

/* ================================================================= service time */

describe('serviceMinutes', () => {
  // Saturday 09:00–11:00.
  const start = at('2026-11-21T09:00:00')
  const end = at('2026-11-21T11:00:00')

  it('credits the whole window to someone there from start to end', () => {
    expect(serviceMinutes(start, end, start, end)).toBe(120)
  })

  it('adds nothing for arriving early or staying late', () => {
    expect(serviceMinutes(at('2026-11-21T08:35:00'), end, start, end)).toBe(120)
    expect(serviceMinutes(start, at('2026-11-21T12:40:00'), start, end)).toBe(120)
    expect(serviceMinutes(at('2026-11-21T08:00:00'), at('2026-11-21T13:00:00'), start, end)).toBe(120)
  })

  it('credits only the checked-in part when arriving late or leaving early', () => {
    expect(serviceMinutes(start, at('2026-11-21T10:15:00'), start, end)).toBe(60) // 75 min → 60
    expect(serviceMinutes(at('2026-11-21T09:30:00'), end, start, end)).toBe(90)
    expect(serviceMinutes(at('2026-11-21T09:40:00'), at('2026-11-21T10:20:00'), start, end)).toBe(30) // 40 min → 30
  })

  it('rounds down to whole half hours', () => {
    expect(serviceMinutes(start, start + 29 * MIN, start, end)).toBe(0)
    expect(serviceMinutes(start, start + 30 * MIN, start, end)).toBe(30)
    expect(serviceMinutes(start, start + 59 * MIN + 59_999, start, end)).toBe(30)
    expect(serviceMinutes(start, start + 60 * MIN, start, end)).toBe(60)
    expect(serviceMinutes(start, start + 89 * MIN, start, end)).toBe(60)
    expect(serviceMinutes(start, start + 90 * MIN, start, end)).toBe(90)
    // A 100-minute activity credits 90 minutes at most.
    expect(serviceMinutes(start, start + 100 * MIN, start, start + 100 * MIN)).toBe(90)
  })

  it('is zero without overlap with the window', () => {
    expect(serviceMinutes(at('2026-11-21T07:00:00'), at('2026-11-21T08:59:00'), start, end)).toBe(0)
    expect(serviceMinutes(at('2026-11-21T08:00:00'), start, start, end)).toBe(0) // left as it began
    expect(serviceMinutes(end, at('2026-11-21T12:00:00'), start, end)).toBe(0) // came as it ended
    expect(serviceMinutes(at('2026-11-21T11:30:00'), at('2026-11-21T12:00:00'), start, end)).toBe(0)
    expect(serviceMinutes(start + 30 * MIN, start + 30 * MIN, start, end)).toBe(0) // checked out at once
  })

  // Instants on a minute grid around one activity of up to 24 hours.
  const base = at('2026-11-21T00:00:00')
  const minute = (m: number) => base + m * MIN
  const scenario = fc
    .record({ s: fc.integer({ min: 0, max: 1440 }), len: fc.integer({ min: 1, max: 1440 }), i: fc.integer({ min: -300, max: 3000 }), stay: fc.integer({ min: 0, max: 3000 }), more: fc.integer({ min: 0, max: 600 }) })
    .map(({ s, len, i, stay, more }) => ({ start: minute(s), end: minute(s + len), checkedIn: minute(i), checkedOut: minute(i + stay), later: minute(i + stay + more) }))

  it('never credits more than the scheduled duration nor more than the checked-in time, in half hours', () => {
    fc.assert(
      fc.property(scenario, ({ start: s, end: e, checkedIn, checkedOut }) => {
        const m = serviceMinutes(checkedIn, checkedOut, s, e)
        expect(m).toBeGreaterThanOrEqual(0)
        expect(m % 30).toBe(0)
        expect(m * MIN).toBeLessThanOrEqual(e - s)
        expect(m * MIN).toBeLessThanOrEqual(checkedOut - checkedIn)
        // Less than half an hour short of the checked time inside the window.
        const inside = Math.max(0, Math.min(checkedOut, e) - Math.max(checkedIn, s))
        expect(inside - m * MIN).toBeLessThan(30 * MIN)
      }),
      { numRuns: 2000 },
    )
  })

  it('never falls when the check-out comes later', () => {
    fc.assert(
      fc.property(scenario, ({ start: s, end: e, checkedIn, checkedOut, later }) => {
        expect(serviceMinutes(checkedIn, later, s, e)).toBeGreaterThanOrEqual(serviceMinutes(checkedIn, checkedOut, s, e))
      }),
      { numRuns: 2000 },
    )
  })

  it('never rises when the check-in comes later', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 600 }), ({ start: s, end: e, checkedIn, checkedOut }, delay) => {
        const laterIn = Math.min(checkedIn + delay * MIN, checkedOut)
        expect(serviceMinutes(laterIn, checkedOut, s, e)).toBeLessThanOrEqual(serviceMinutes(checkedIn, checkedOut, s, e))
      }),
      { numRuns: 1000 },
    )
  })
})

describe('hoursOf', () => {
  it('writes minutes as hours, exact to the half hour', () => {
    expect(hoursOf(0)).toBe(0)
    expect(hoursOf(30)).toBe(0.5)
    expect(hoursOf(90)).toBe(1.5)
    expect(hoursOf(120)).toBe(2)
    expect(hoursOf(52 * 120)).toBe(104)
    expect(hoursOf(1440)).toBe(24)
  })

  it('gives one decimal for any minute count', () => {
    expect(hoursOf(100)).toBe(1.7)
    expect(hoursOf(20)).toBe(0.3)
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (m) => {
        const h = hoursOf(m)
        expect(Math.abs(h - m / 60)).toBeLessThanOrEqual(0.05 + 1e-9)
        expect(Number.isInteger(Math.round(h * 10 * 1e6) / 1e6)).toBe(true)
        if (m % 30 === 0) expect(h).toBe(m / 60)
      }),
    )
  })
})

describe('starLevel', () => {
  it('gives a star at 100, 300, 600, 1000 and 1500 hours, and names the next threshold', () => {
    const cases: [number, number, number | null][] = [
      [0, 0, 100],
      [99.5, 0, 100],
      [100, 1, 300],
      [104, 1, 300],
      [299.5, 1, 300],
      [300, 2, 600],
      [599.5, 2, 600],
      [600, 3, 1000],
      [999.5, 3, 1000],
      [1000, 4, 1500],
      [1499.5, 4, 1500],
      [1500, 5, null],
      [12_000, 5, null],
    ]
    for (const [hours, stars, next] of cases) expect(starLevel(hours), `${hours} h`).toEqual({ stars, nextStarHours: next })
  })

  it('never loses a star as hours grow', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4000 }), fc.integer({ min: 0, max: 4000 }), (a, b) => {
        const [lo, hi] = a <= b ? [a / 2, b / 2] : [b / 2, a / 2]
        expect(starLevel(hi).stars).toBeGreaterThanOrEqual(starLevel(lo).stars)
        const { stars, nextStarHours } = starLevel(lo)
        if (nextStarHours !== null) expect(lo).toBeLessThan(nextStarHours)
        else expect(stars).toBe(5)
      }),
    )
  })
})

/* ================================================================= the rotating QR code */

describe('the check-in code', () => {
  const secret = 'c0ffee00c0ffee00c0ffee00c0ffee00'
  const now = at('2026-11-21T08:45:10')
  const WINDOW = QR_WINDOW_SECONDS * 1000

  it('reads back what it writes', () => {
    const { code, expiresAt } = qrPayload(secret, 12, now)
    expect(code).toMatch(/^doorstep:vol:12:\d+:[A-Za-z0-9_-]{16}$/)
    const parsed = parseQrPayload(code)
    expect(parsed).toEqual({ activityId: 12, window: qrWindow(now), mac: code.split(':').at(-1) })
    expect(parseQrPayload(`  ${code}\n`)).toEqual(parsed)
    // Valid for the rest of its window and the whole next one.
    const windowStart = Math.floor(now / WINDOW) * WINDOW
    expect(expiresAt).toBe(windowStart + 2 * WINDOW)
    expect(expiresAt - now).toBeGreaterThan(WINDOW)
    expect(expiresAt - now).toBeLessThanOrEqual(2 * WINDOW)
  })

  it('round-trips for any activity and time', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999_999 }), fc.integer({ min: at('2020-01-01T00:00:00'), max: at('2099-12-31T00:00:00') }), fc.string({ minLength: 1, maxLength: 40 }), (id, t, key) => {
        const { code } = qrPayload(key, id, t)
        const parsed = parseQrPayload(code)!
        expect(parsed.activityId).toBe(id)
        expect(parsed.window).toBe(qrWindow(t))
        expect(verifyQr(parsed, key, t)).toBe('valid')
      }),
      { numRuns: 500 },
    )
  })

  it('changes every window', () => {
    const a = qrPayload(secret, 12, now).code
    expect(qrPayload(secret, 12, now + 1000).code).toBe(a)
    expect(qrPayload(secret, 12, now + WINDOW).code).not.toBe(a)
    expect(qrPayload(secret, 13, now).code.split(':').at(-1)).not.toBe(a.split(':').at(-1))
  })

  it('is valid in its window and the next, and expired after', () => {
    const { code, expiresAt } = qrPayload(secret, 12, now)
    const parsed = parseQrPayload(code)!
    expect(verifyQr(parsed, secret, now)).toBe('valid')
    expect(verifyQr(parsed, secret, now + WINDOW)).toBe('valid')
    expect(verifyQr(parsed, secret, expiresAt - 1)).toBe('valid')
    expect(verifyQr(parsed, secret, expiresAt)).toBe('expired')
    expect(verifyQr(parsed, secret, now + 10 * 60_000)).toBe('expired') // a photo passed on
    // A code from a window that has not come yet is not accepted either.
    expect(verifyQr(parsed, secret, now - WINDOW)).toBe('expired')
  })

  it('refuses a forged or altered code as forged, whatever the time', () => {
    const { code } = qrPayload(secret, 12, now)
    const parsed = parseQrPayload(code)!
    expect(verifyQr(parsed, 'another-activity-secret', now)).toBe('forged')
    expect(verifyQr({ ...parsed, activityId: 13 }, secret, now)).toBe('forged')
    expect(verifyQr({ ...parsed, window: parsed.window + 1 }, secret, now + WINDOW)).toBe('forged')
    expect(verifyQr({ ...parsed, window: parsed.window - 1 }, secret, now)).toBe('forged')
    const flipped = parsed.mac[0] === 'A' ? `B${parsed.mac.slice(1)}` : `A${parsed.mac.slice(1)}`
    expect(verifyQr({ ...parsed, mac: flipped }, secret, now)).toBe('forged')
    // An old genuine code is expired, an old altered one forged: the HMAC is checked first.
    expect(verifyQr({ ...parsed, activityId: 13 }, secret, now + 3600_000)).toBe('forged')
  })

  it('compares macs of the wrong length without throwing', () => {
    const parsed = parseQrPayload(qrPayload(secret, 12, now).code)!
    expect(verifyQr({ ...parsed, mac: '' }, secret, now)).toBe('forged')
    expect(verifyQr({ ...parsed, mac: parsed.mac.slice(0, 15) }, secret, now)).toBe('forged')
    expect(verifyQr({ ...parsed, mac: `${parsed.mac}A` }, secret, now)).toBe('forged')
    // Sixteen characters but more bytes: the byte lengths differ, which timingSafeEqual alone would throw on.
    expect(verifyQr({ ...parsed, mac: '签'.repeat(16) }, secret, now)).toBe('forged')
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (mac) => {
        expect(verifyQr({ ...parsed, mac }, secret, now)).toBe(mac === parsed.mac ? 'valid' : 'forged')
      }),
    )
  })

  it('parses only the exact shape', () => {
    const { code } = qrPayload(secret, 12, now)
    const [, , , window, mac] = code.split(':')
    for (const text of [
      '',
      'doorstep:vol:12',
      `doorstep:checkin:12:${mac}`, // a room's door code
      `doorstep:vol:-12:${window}:${mac}`,
      `doorstep:vol:1234567890:${window}:${mac}`, // beyond the 9 digits of an id
      `doorstep:vol:12:${window}:${mac}X`,
      `doorstep:vol:12:${window}:${mac!.slice(1)}`,
      `doorstep:vol:12:abc:${mac}`,
      `DOORSTEP:VOL:12:${window}:${mac}`,
      `xdoorstep:vol:12:${window}:${mac}`,
      `doorstep:vol:12:${window}:${mac}:extra`,
      `doorstep:vol:1 2:${window}:${mac}`,
    ]) {
      expect(parseQrPayload(text), text).toBeNull()
    }
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (text) => {
      const parsed = parseQrPayload(text)
      if (parsed) expect(Number.isSafeInteger(parsed.activityId) && Number.isSafeInteger(parsed.window)).toBe(true)
    }))
  })
})

/* ================================================================= what may be done, when */

describe('activityActions', () => {
  // Saturday 21 November 09:00–11:00, 10 places, cancel until 24 hours before.
  const start = at('2026-11-21T09:00:00')
  const end = at('2026-11-21T11:00:00')
  const activity = (over: Partial<ActivityState> = {}): ActivityState => ({ startsAt: start, endsAt: end, cancelled: false, capacity: 10, signedUp: 3, cancelDeadlineHours: 24, ...over })
  const signup = (status: NonNullable<SignupState>['status'], over: Partial<NonNullable<SignupState>> = {}): SignupState => ({ status, checkedInAt: null, checkedOutAt: null, ...over })
  const volunteer = { isOrganiser: false }
  const organiser = { isOrganiser: true }
  const tuesday = at('2026-11-17T10:00:00')

  it('offers sign-up while places are left, the waitlist when full, and nothing once started', () => {
    expect(activityActions(activity(), null, volunteer, tuesday)).toEqual(['sign_up'])
    expect(activityActions(activity({ signedUp: 9 }), null, volunteer, tuesday)).toEqual(['sign_up'])
    expect(activityActions(activity({ signedUp: 10 }), null, volunteer, tuesday)).toEqual(['join_waitlist'])
    expect(activityActions(activity(), null, volunteer, start - 1)).toEqual(['sign_up'])
    expect(activityActions(activity(), null, volunteer, start)).toEqual([])
    expect(activityActions(activity(), null, volunteer, end + HOUR)).toEqual([])
  })

  it('offers sign-up again after a cancelled sign-up, never after a no-show', () => {
    expect(activityActions(activity(), signup('cancelled'), volunteer, tuesday)).toEqual(['sign_up'])
    expect(activityActions(activity(), signup('no_show'), volunteer, end + HOUR)).toEqual([])
  })

  it('lets an accepted volunteer cancel until the deadline, and a waiting one until the start', () => {
    const deadline = start - 24 * HOUR
    expect(cancelDeadline(activity())).toBe(deadline)
    expect(activityActions(activity(), signup('accepted'), volunteer, deadline - 1)).toEqual(['cancel_signup'])
    expect(activityActions(activity(), signup('accepted'), volunteer, deadline)).toEqual([])
    expect(activityActions(activity(), signup('waitlisted'), volunteer, deadline)).toEqual(['cancel_signup'])
    expect(activityActions(activity(), signup('waitlisted'), volunteer, start - 1)).toEqual(['cancel_signup'])
    expect(activityActions(activity(), signup('waitlisted'), volunteer, start)).toEqual([])
    // No deadline before the start: cancel until it begins (and scan from half an hour before).
    expect(activityActions(activity({ cancelDeadlineHours: 0 }), signup('accepted'), volunteer, start - 31 * MIN)).toEqual(['cancel_signup'])
    expect(activityActions(activity({ cancelDeadlineHours: 0 }), signup('accepted'), volunteer, start - 30 * MIN)).toEqual(['cancel_signup', 'scan'])
    expect(activityActions(activity({ cancelDeadlineHours: 0 }), signup('accepted'), volunteer, start)).toEqual(['scan'])
  })

  it('offers the scan from half an hour before the start: to check in until the end, to check out until the grace after it', () => {
    const opens = start - CHECK_IN_OPENS_MINUTES * MIN
    expect(CHECK_IN_OPENS_MINUTES).toBe(30)
    expect(activityActions(activity(), signup('accepted'), volunteer, opens - 1)).toEqual([])
    expect(activityActions(activity(), signup('accepted'), volunteer, opens)).toEqual(['scan'])
    expect(activityActions(activity(), signup('accepted'), volunteer, end - 1)).toEqual(['scan'])
    // Not checked in by the end: the scan would be refused (check-in closed), so it is not offered.
    expect(activityActions(activity(), signup('accepted'), volunteer, end)).toEqual([])
    const checkedIn = signup('accepted', { checkedInAt: start })
    expect(activityActions(activity(), checkedIn, volunteer, end)).toEqual(['scan'])
    expect(activityActions(activity(), checkedIn, volunteer, end + CHECK_OUT_GRACE_MINUTES * MIN - 1)).toEqual(['scan'])
    expect(activityActions(activity(), checkedIn, volunteer, end + CHECK_OUT_GRACE_MINUTES * MIN)).toEqual([])
    expect(activityActions(activity(), signup('accepted', { checkedInAt: start, checkedOutAt: end }), volunteer, end - MIN)).toEqual([])
    // Waiting volunteers do not scan.
    expect(activityActions(activity(), signup('waitlisted'), volunteer, start + MIN)).toEqual([])
  })

  it('gives organisers manage at any time, and nothing else to anyone once cancelled', () => {
    expect(activityActions(activity(), null, organiser, tuesday)).toEqual(['sign_up', 'manage'])
    expect(activityActions(activity(), null, organiser, end + 24 * HOUR)).toEqual(['manage'])
    const cancelled = activity({ cancelled: true, signedUp: 0 })
    expect(activityActions(cancelled, null, volunteer, tuesday)).toEqual([])
    expect(activityActions(cancelled, signup('accepted'), volunteer, tuesday)).toEqual([])
    expect(activityActions(cancelled, signup('accepted', { checkedInAt: start }), volunteer, start + MIN)).toEqual([])
    expect(activityActions(cancelled, signup('waitlisted'), volunteer, tuesday)).toEqual([])
    expect(activityActions(cancelled, null, organiser, tuesday)).toEqual(['manage'])
  })

  it('never offers sign-up to someone already in, and only ever known actions', () => {
    const status = fc.constantFrom('accepted', 'waitlisted', 'cancelled', 'no_show') as fc.Arbitrary<NonNullable<SignupState>['status']>
    fc.assert(
      fc.property(fc.option(status, { nil: null }), fc.boolean(), fc.boolean(), fc.integer({ min: -72 * 60, max: 72 * 60 }), fc.integer({ min: 0, max: 10 }), (st, cancelled, isOrganiser, offset, signedUp) => {
        const s = st === null ? null : signup(st, st === 'accepted' ? { checkedInAt: offset > 0 ? start : null } : {})
        const actions = activityActions(activity({ cancelled, signedUp }), s, { isOrganiser }, start + offset * MIN)
        if (st === 'accepted' || st === 'waitlisted') expect(actions).not.toContain('sign_up')
        expect(actions.filter((x) => x === 'sign_up' || x === 'join_waitlist').length).toBeLessThanOrEqual(1)
        expect(actions.includes('manage')).toBe(isOrganiser)
        if (cancelled) expect(actions.filter((x) => x !== 'manage')).toEqual([])
        if (st !== 'accepted') expect(actions).not.toContain('scan')
      }),
    )
  })
})

describe('rosterActions', () => {
  const a = { startsAt: at('2026-11-27T09:00:00'), cancelled: false }
  const accepted = { status: 'accepted' as const, checkedInAt: null, checkedOutAt: null, confirmed: false }
  it('offers manual check-in from half an hour before the start, and 记未到场 once it has begun', () => {
    expect(rosterActions(a, accepted, at('2026-11-27T08:29:00'))).toEqual([])
    expect(rosterActions(a, accepted, at('2026-11-27T08:30:00'))).toEqual(['check_in'])
    expect(rosterActions(a, accepted, at('2026-11-27T09:00:00'))).toEqual(['check_in', 'no_show'])
  })
  it('then check-out, then confirmation, then nothing', () => {
    const now = at('2026-11-27T10:00:00')
    expect(rosterActions(a, { ...accepted, checkedInAt: at('2026-11-27T08:50:00') }, now)).toEqual(['check_out'])
    expect(rosterActions(a, { ...accepted, checkedInAt: at('2026-11-27T08:50:00'), checkedOutAt: now }, now)).toEqual(['confirm'])
    expect(rosterActions(a, { ...accepted, checkedInAt: at('2026-11-27T08:50:00'), checkedOutAt: now, confirmed: true }, now)).toEqual([])
  })
  it('offers nothing for waiting, cancelled or absent sign-ups, or on a cancelled activity', () => {
    const now = at('2026-11-27T10:00:00')
    for (const status of ['waitlisted', 'cancelled', 'no_show'] as const) expect(rosterActions(a, { ...accepted, status }, now)).toEqual([])
    expect(rosterActions({ ...a, cancelled: true }, accepted, now)).toEqual([])
  })
})

describe('checkInOpen', () => {
  const start = at('2026-11-21T09:00:00')
  const end = at('2026-11-21T11:00:00')
  it('opens half an hour before the start and closes at the end', () => {
    expect(checkInOpen({ startsAt: start, endsAt: end }, start - 30 * MIN - 1)).toBe('early')
    expect(checkInOpen({ startsAt: start, endsAt: end }, start - 30 * MIN)).toBe('open')
    expect(checkInOpen({ startsAt: start, endsAt: end }, end - 1)).toBe('open')
    expect(checkInOpen({ startsAt: start, endsAt: end }, end)).toBe('over')
  })
})

/* ================================================================= certificates */

describe('certificates', () => {
  it('number as 爱辉志证〔year〕第nnnnnn号', () => {
    expect(certificateNumber('爱辉志证', 2026, 12)).toBe('爱辉志证〔2026〕第000012号')
    expect(certificateNumber('爱辉志证', 2027, 1)).toBe('爱辉志证〔2027〕第000001号')
    expect(certificateNumber('爱辉志证', 2026, 1_234_567)).toBe('爱辉志证〔2026〕第1234567号')
  })

  it('have 12-character verification codes in groups of four without look-alikes', () => {
    expect(verificationCode(() => 0)).toBe('2222-2222-2222')
    expect(verificationCode((max) => max - 1)).toBe('ZZZZ-ZZZZ-ZZZZ')
    const asked: number[] = []
    verificationCode((max) => (asked.push(max), 0))
    expect(asked).toEqual(Array(12).fill(31))
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 12, maxLength: 12 }), (picks) => {
        let i = 0
        const code = verificationCode((max) => picks[i++]! % max)
        expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/)
        expect(code).not.toMatch(/[01ILO]/)
      }),
    )
  })

  it('half mask the name for the public check', () => {
    expect(halfMaskName('李建国')).toBe('李*国')
    expect(halfMaskName('王红')).toBe('王*')
    expect(halfMaskName('欧阳娜娜')).toBe('欧**娜')
    expect(halfMaskName('李')).toBe('李')
    expect(halfMaskName(' 李建国 ')).toBe('李*国')
    expect(halfMaskName('')).toBe('')
    expect(halfMaskName('𠮷建国')).toBe('𠮷*国') // a character outside the BMP is one character
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 3, maxLength: 10 }).filter((s) => s.trim() === s && [...s].length >= 3), (name) => {
        const masked = [...halfMaskName(name)]
        const chars = [...name]
        expect(masked).toHaveLength(chars.length)
        expect(masked[0]).toBe(chars[0])
        expect(masked.at(-1)).toBe(chars.at(-1))
        expect(masked.slice(1, -1).every((c) => c === '*')).toBe(true)
      }),
    )
  })
})

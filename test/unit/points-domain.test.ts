import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { PICKUP_CODE_ALPHABET, eventKeys, expiringAmount, expiryNotice, pickupCode, ruleAmount } from '../../server/src/modules/points/points.domain'
import { ZVerifyRedemptionRequest } from '../../types/api/points'

describe('earning rules', () => {
  it('pays points per unit, rounding fractional hours to whole points', () => {
    expect(ruleAmount(10)).toBe(10)
    expect(ruleAmount(5, 2.5)).toBe(13)
    expect(ruleAmount(5, 0.1)).toBe(1)
    expect(ruleAmount(0, 3)).toBe(0)
  })

  it('keys each event so that it pays once per person', () => {
    expect(eventKeys.rule('wish_fulfilled', 'wish', 12, 7)).toBe('rule:wish_fulfilled:wish:12:person:7')
    expect(eventKeys.rule('wish_fulfilled', 'wish', 12, 8)).not.toBe(eventKeys.rule('wish_fulfilled', 'wish', 12, 7))
    expect(eventKeys.redemption(5)).not.toBe(eventKeys.refund(5))
  })
})

describe('pickup codes', () => {
  it('are 8 characters without look-alikes, and pass the verify form', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 8, maxLength: 8 }), (picks) => {
        let i = 0
        const code = pickupCode((max) => picks[i++]! % max)
        expect(code).toHaveLength(8)
        expect([...code].every((c) => PICKUP_CODE_ALPHABET.includes(c))).toBe(true)
        expect(code).not.toMatch(/[01OIL]/)
        expect(ZVerifyRedemptionRequest.parse({ code: code.toLowerCase() }).code).toBe(code)
      }),
    )
  })
})

describe('yearly expiry', () => {
  it('warns only in December, only when on and when there is something to lose', () => {
    expect(expiryNotice('2026-12-01', true, 80)).toEqual({ date: '2026-12-31', amount: 80 })
    expect(expiryNotice('2026-11-30', true, 80)).toBeNull()
    expect(expiryNotice('2026-12-15', false, 80)).toBeNull()
    expect(expiryNotice('2026-12-15', true, 0)).toBeNull()
  })

  it('lapses what was left at year end, less what was spent since, never more than the balance', () => {
    expect(expiringAmount(100, 0, 100)).toBe(100)
    expect(expiringAmount(100, 30, 75)).toBe(70) // 30 spent from old points, 5 earned in January stay
    expect(expiringAmount(100, 150, 20)).toBe(0)
    fc.assert(
      fc.property(fc.nat(10_000), fc.nat(10_000), fc.nat(10_000), (atYearEnd, spent, now) => {
        const lapse = expiringAmount(atYearEnd, spent, now)
        expect(lapse).toBeGreaterThanOrEqual(0)
        expect(lapse).toBeLessThanOrEqual(now)
        expect(lapse).toBeLessThanOrEqual(atYearEnd)
      }),
    )
  })
})

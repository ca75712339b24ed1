import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  characterString,
  MAX_ATTEMPTS,
  outcomeOfFailure,
  phrase,
  retryDelayMs,
  thing,
  timeSpan,
  USER_REFUSED_ERRCODE,
} from '../../server/src/modules/reminders/reminders.domain'

describe('订阅消息 field values', () => {
  it('cuts a thing to WeChat’s 20 characters, counting characters rather than UTF-16 units', () => {
    expect(thing('联通社区党群服务中心 多功能厅')).toEqual({ value: '联通社区党群服务中心 多功能厅' })
    expect(thing('一二三四五六七八九十一二三四五六七八九十一')).toEqual({ value: '一二三四五六七八九十一二三四五六七八九…' })
    expect(thing('  换行\n和   空格  ')).toEqual({ value: '换行 和 空格' })
    expect(thing('')).toEqual({ value: '—' })
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (s) => {
        const { value } = thing(s)
        expect(Array.from(value).length).toBeLessThanOrEqual(20)
        expect(value.length).toBeGreaterThan(0)
      }),
    )
  })

  it('accepts only what WeChat accepts as a phrase or a character string', () => {
    expect(phrase('已通过')).toEqual({ value: '已通过' })
    expect(() => phrase('已经审核通过了')).toThrow()
    expect(() => phrase('OK')).toThrow()
    expect(characterString('AB12-CD34')).toEqual({ value: 'AB12-CD34' })
    expect(() => characterString('取货码')).toThrow()
    expect(() => characterString('x'.repeat(33))).toThrow()
  })

  it('writes spans in China time: one day with both clocks, whole days as dates', () => {
    expect(timeSpan(new Date('2026-11-25T06:00:00Z'), new Date('2026-11-25T08:00:00Z'))).toEqual({ value: '2026年11月25日 14:00~16:00' })
    expect(timeSpan(new Date('2026-11-25T15:00:00Z'), new Date('2026-11-26T02:00:00Z'))).toEqual({ value: '2026年11月25日 23:00~2026年11月26日 10:00' })
    // A tool lent for two whole days: midnight to midnight two days later.
    expect(timeSpan(new Date('2026-11-24T16:00:00Z'), new Date('2026-11-26T16:00:00Z'), true)).toEqual({ value: '2026年11月25日~2026年11月26日' })
    expect(timeSpan(new Date('2026-11-24T16:00:00Z'), new Date('2026-11-25T16:00:00Z'), true)).toEqual({ value: '2026年11月25日' })
  })
})

describe('failed sends', () => {
  it('drops what the user refused, gives up on faults of the message, retries what passes', () => {
    expect(outcomeOfFailure(USER_REFUSED_ERRCODE, 'refused').status).toBe('refused')
    for (const errcode of [40003, 40037, 47003, 41030]) expect(outcomeOfFailure(errcode, '').status).toBe('failed')
    for (const errcode of [-1, 45009, 45011, null]) expect(outcomeOfFailure(errcode, '').status).toBe('retry')
  })

  it('waits longer after each failure, and the attempts span a couple of hours', () => {
    const delays = Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => retryDelayMs(i + 1))
    expect(delays).toEqual([60_000, 300_000, 1_800_000, 7_200_000])
    expect(retryDelayMs(MAX_ATTEMPTS + 3)).toBe(7_200_000)
  })
})

import { describe, expect, it } from 'vitest'
import { currentMonth, eventLocation, formatDate, formatDateTime, formatEventTime, formatMonth, formatPoints, placesLeftLabel, shiftMonth, stars, timeLeftLabel, todayInChina } from '../../src/utils/format'
import { chinaTime, toApiInstant } from '../../types/time'

describe('China time', () => {
  it('writes instants with +08:00 whatever the machine time zone', () => {
    expect(toApiInstant(new Date('2026-11-21T16:30:00Z'))).toBe('2026-11-22T00:30:00+08:00')
    expect(chinaTime('2026-11-21T16:30:00Z').format('YYYY-MM-DD')).toBe('2026-11-22')
  })

  it('takes the current month from the China calendar', () => {
    expect(currentMonth(new Date('2026-11-30T16:30:00Z'))).toBe('2026-12')
  })
})

describe('client formatting', () => {
  it('formats an event time with the weekday', () => {
    expect(formatEventTime('2026-11-06T09:00:00+08:00', '2026-11-06T12:00:00+08:00')).toBe('11月6日 周五 09:00–12:00')
    expect(formatEventTime('2026-11-06T20:00:00+08:00', '2026-11-07T08:00:00+08:00')).toBe('11月6日 周五 20:00–11月7日 08:00')
  })

  it('moves between months across year ends', () => {
    expect(shiftMonth('2026-12', 1)).toBe('2027-01')
    expect(shiftMonth('2026-01', -1)).toBe('2025-12')
    expect(formatMonth('2026-03')).toBe('2026年3月')
  })

  it('says how many places are left', () => {
    expect(placesLeftLabel(60, 42)).toBe('余18个名额')
    expect(placesLeftLabel(20, 20)).toBe('名额已满')
  })
})

describe('event location', () => {
  it('names the room and its station, or the station alone', () => {
    expect(eventLocation({ place: '会议培训室', stationName: '联通社区党群服务中心' })).toBe('会议培训室 · 联通社区党群服务中心')
    expect(eventLocation({ place: '第三网格党群服务驿站', stationName: '联通社区第三网格党群服务驿站' })).toBe('联通社区第三网格党群服务驿站')
    expect(eventLocation({ place: '联通小区各楼栋', stationName: null })).toBe('联通小区各楼栋')
  })
})

describe('points formatting', () => {
  it('signs a points change', () => {
    expect(formatPoints(20)).toBe('+20')
    expect(formatPoints(-50)).toBe('-50')
  })

  it('shows instants in China time and dates the Chinese way', () => {
    // 16:30 UTC is already the next day in China.
    expect(formatDateTime('2026-11-21T16:30:00Z')).toBe('11月22日 00:30')
    expect(formatDateTime('2026-05-16T09:30:00+08:00')).toBe('5月16日 09:30')
    expect(formatDate('2026-12-31')).toBe('2026年12月31日')
    expect(formatDate('2027-01-05')).toBe('2027年1月5日')
  })
})

describe('wish formatting', () => {
  const now = new Date('2026-11-19T22:00:00+08:00')

  it('says the time left before a claim deadline in whole days, then hours, then 已超时', () => {
    expect(timeLeftLabel('2026-11-22T10:00:00+08:00', now)).toBe('剩余2天')
    expect(timeLeftLabel('2026-11-20T22:00:00+08:00', now)).toBe('剩余1天')
    expect(timeLeftLabel('2026-11-20T21:59:00+08:00', now)).toBe('剩余24小时')
    expect(timeLeftLabel('2026-11-19T22:01:00+08:00', now)).toBe('剩余1小时')
    expect(timeLeftLabel('2026-11-19T22:00:00+08:00', now)).toBe('已超时')
    expect(timeLeftLabel('2026-11-18T10:00:00+08:00', now)).toBe('已超时')
  })

  it('takes today from the China calendar', () => {
    expect(todayInChina(new Date('2026-11-30T16:30:00Z'))).toBe('2026-12-01')
  })

  it('draws a rating as five stars', () => {
    expect(stars(4)).toBe('★★★★☆')
    expect(stars(5)).toBe('★★★★★')
    expect(stars(1)).toBe('★☆☆☆☆')
  })
})

import { describe, expect, it } from 'vitest'
import { isCreditCode } from '../../types/credit-code'
import { formatAddress, partyReportActions, residencyActions, serviceTotals, unitActions } from '../../server/src/modules/people/people.domain'

/* The people module's rules without I/O: addresses, who may decide what, the 双报到 totals. */

describe('people rules', () => {
  it('joins the address from community down to the flat', () => {
    expect(formatAddress({ community: '联通社区', grid: '第三网格', estate: '花园小区', building: '3号楼', unitNo: '2单元', roomNo: '301' })).toBe('联通社区 第三网格 花园小区 3号楼 2单元 301')
  })

  it('lets nobody decide their own application, report or registration', () => {
    expect(residencyActions('pending', { isApplicant: true, isStaff: true })).toEqual(['withdraw'])
    expect(partyReportActions('pending', { isMember: true, isStaff: true })).toEqual(['withdraw'])
    expect(partyReportActions('approved', { isMember: true, isStaff: true })).toEqual([])
    expect(unitActions('pending', { isRegistrant: true, isStaff: true })).toEqual(['withdraw'])
  })

  it('offers staff the next step of each status, and nothing once it is over', () => {
    expect(partyReportActions('pending', { isMember: false, isStaff: true })).toEqual(['approve', 'reject'])
    expect(partyReportActions('approved', { isMember: false, isStaff: true })).toEqual(['revoke'])
    for (const status of ['rejected', 'withdrawn', 'revoked'] as const) expect(partyReportActions(status, { isMember: true, isStaff: true })).toEqual([])
    expect(unitActions('pending', { isRegistrant: false, isStaff: true })).toEqual(['approve', 'reject'])
    expect(unitActions('approved', { isRegistrant: false, isStaff: true })).toEqual([])
    expect(partyReportActions('pending', { isMember: false, isStaff: false })).toEqual([])
  })

  it('counts service hours to one decimal', () => {
    expect(serviceTotals({ wishesFulfilled: 2, activities: 3, minutes: 210 })).toEqual({ wishesFulfilled: 2, activities: 3, hours: 3.5 })
    expect(serviceTotals({ wishesFulfilled: 0, activities: 1, minutes: 20 }).hours).toBe(0.3)
  })

  it('checks a 统一社会信用代码 by its check character (GB 32100-2015)', () => {
    for (const code of ['91350100M000100Y43', '91110000100017643K', '91440300708461136T']) expect(isCreditCode(code)).toBe(true)
    expect(isCreditCode('91350100M000100Y44')).toBe(false)
    expect(isCreditCode('91350100M000100Y4')).toBe(false)
    // I, O, S, V and Z are never used.
    expect(isCreditCode('91350100M00010OY43')).toBe(false)
  })
})

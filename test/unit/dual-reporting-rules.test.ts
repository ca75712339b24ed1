import { describe, expect, it } from 'vitest'
import { ZPartyReportRequest, ZUnitRegistrationRequest } from '../../types/api/dual-reporting'
import { PARTY_REPORT_LIMITS, UNIT_LIMITS } from '../../src/utils/dual-reporting'

const accepts = (schema: { safeParse: (v: unknown) => { success: boolean } }, value: unknown) => schema.safeParse(value).success

// The 双报到 forms repeat the contract's rules (zod must stay out of the mini-program): they must not drift apart.
describe('the 双报到 form rules', () => {
  it('are where the contract schemas draw their lines', () => {
    const edge = (min: number, max: number, make: (s: string) => unknown, schema: Parameters<typeof accepts>[0]) => {
      expect(accepts(schema, make('字'.repeat(min)))).toBe(true)
      expect(accepts(schema, make('字'.repeat(min - 1)))).toBe(false)
      expect(accepts(schema, make('字'.repeat(max)))).toBe(true)
      expect(accepts(schema, make('字'.repeat(max + 1)))).toBe(false)
    }
    const report = { workplace: '爱辉区人民检察院', partyOrganisation: '机关党支部' }
    edge(PARTY_REPORT_LIMITS.workplaceMin, PARTY_REPORT_LIMITS.workplaceMax, (workplace) => ({ ...report, workplace }), ZPartyReportRequest)
    edge(PARTY_REPORT_LIMITS.partyOrganisationMin, PARTY_REPORT_LIMITS.partyOrganisationMax, (partyOrganisation) => ({ ...report, partyOrganisation }), ZPartyReportRequest)
    const unit = { communityId: 7, name: '黑河市第一中学', contactName: '孙志强', phone: '13945670001' }
    edge(UNIT_LIMITS.nameMin, UNIT_LIMITS.nameMax, (name) => ({ ...unit, name }), ZUnitRegistrationRequest)
    edge(UNIT_LIMITS.contactNameMin, UNIT_LIMITS.contactNameMax, (contactName) => ({ ...unit, contactName }), ZUnitRegistrationRequest)
  })

  it('refuse a 统一社会信用代码 whose check character is wrong, as the form does', () => {
    const unit = { communityId: 7, name: '黑河市第一中学', contactName: '孙志强', phone: '13945670001' }
    expect(accepts(ZUnitRegistrationRequest, { ...unit, creditCode: '91350100M000100Y43' })).toBe(true)
    expect(accepts(ZUnitRegistrationRequest, { ...unit, creditCode: '91350100m000100y43' })).toBe(true)
    expect(accepts(ZUnitRegistrationRequest, { ...unit, creditCode: '91350100M000100Y44' })).toBe(false)
  })
})

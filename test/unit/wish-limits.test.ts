import { describe, expect, it } from 'vitest'
import {
  WISH_DESCRIPTION_MAX,
  WISH_PHOTOS_MAX,
  WISH_THANKS_MAX,
  WISH_TITLE_MAX,
  ZConfirmRequest,
  ZFulfilRequest,
  ZGiveUpRequest,
  ZRejectRequest,
  ZWishFields,
} from '../../types/api/wishes'
import { WISH_LIMITS } from '../../src/utils/wish-limits'

const base = { category: 'other', title: '想要收音机', description: '家里的收音机坏了', photoIds: [], valueYuan: 50, contactPreference: 'phone', neededBy: null }
const accepts = (schema: { safeParse: (v: unknown) => { success: boolean } }, value: unknown) => schema.safeParse(value).success

// The form repeats the contract's limits (zod must stay out of the mini-program): they must not drift apart.
describe('the wish form limits', () => {
  it('are the contract constants', () => {
    expect(WISH_LIMITS.titleMax).toBe(WISH_TITLE_MAX)
    expect(WISH_LIMITS.descriptionMax).toBe(WISH_DESCRIPTION_MAX)
    expect(WISH_LIMITS.photosMax).toBe(WISH_PHOTOS_MAX)
    expect(WISH_LIMITS.thanksMax).toBe(WISH_THANKS_MAX)
  })

  it('are where the contract schemas draw their lines', () => {
    const edge = (min: number, max: number, make: (s: string) => unknown, schema: Parameters<typeof accepts>[0]) => {
      expect(accepts(schema, make('字'.repeat(min)))).toBe(true)
      expect(accepts(schema, make('字'.repeat(min - 1)))).toBe(false)
      expect(accepts(schema, make('字'.repeat(max)))).toBe(true)
      expect(accepts(schema, make('字'.repeat(max + 1)))).toBe(false)
    }
    edge(WISH_LIMITS.titleMin, WISH_LIMITS.titleMax, (title) => ({ ...base, title }), ZWishFields)
    edge(WISH_LIMITS.descriptionMin, WISH_LIMITS.descriptionMax, (description) => ({ ...base, description }), ZWishFields)
    edge(WISH_LIMITS.thanksMin, WISH_LIMITS.thanksMax, (thanks) => ({ thanks, rating: 5 }), ZConfirmRequest)
    edge(WISH_LIMITS.reasonMin, WISH_LIMITS.reasonMax, (reason) => ({ reason }), ZGiveUpRequest)
    edge(WISH_LIMITS.reasonMin, WISH_LIMITS.reasonMax, (reason) => ({ reason }), ZRejectRequest)
    edge(WISH_LIMITS.fulfilNoteMin, WISH_LIMITS.fulfilNoteMax, (note) => ({ proofPhotoId: 1, note }), ZFulfilRequest)
    expect(accepts(ZWishFields, { ...base, valueYuan: WISH_LIMITS.valueMax })).toBe(true)
    expect(accepts(ZWishFields, { ...base, valueYuan: WISH_LIMITS.valueMax + 1 })).toBe(false)
    expect(accepts(ZWishFields, { ...base, photoIds: [1, 2, 3, 4].slice(0, WISH_LIMITS.photosMax + 1) })).toBe(false)
  })
})

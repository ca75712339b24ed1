/**
 * The contract's limits on a wish (types/api/wishes.ts), repeated here because that module carries zod, which
 * must not enter the mini-program; test/unit/wish-limits.test.ts keeps the two equal.
 */
export const WISH_LIMITS = {
  titleMin: 2,
  titleMax: 30,
  descriptionMin: 5,
  descriptionMax: 500,
  photosMax: 3,
  valueMax: 100000,
  thanksMin: 2,
  thanksMax: 200,
  reasonMin: 2,
  reasonMax: 100,
  fulfilNoteMin: 2,
  fulfilNoteMax: 200,
} as const

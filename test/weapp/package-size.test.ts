import { describe, expect, it } from 'vitest'
import { MAIN_PACKAGE_BUDGET_KB, measurePackages, SUBPACKAGE_BUDGET_KB } from '../../bench/package-size'

// A size budget, not a timing: the main package is what every user downloads before the first page shows.
describe('the compiled weapp', () => {
  it(`keeps the main package under ${MAIN_PACKAGE_BUDGET_KB} KB, with the non-tab pages in subpackages`, () => {
    const { mainKb, subpackages } = measurePackages()
    expect(mainKb).toBeLessThan(MAIN_PACKAGE_BUDGET_KB)
    expect(subpackages.map((s) => s.root)).toEqual(expect.arrayContaining(['packages/account', 'packages/points', 'packages/wish', 'packages/staff']))
    expect(subpackages.every((s) => s.kb > 0)).toBe(true)
  })

  it(`keeps each subpackage under ${SUBPACKAGE_BUDGET_KB} KB (the 工作台's charts live in one of their own)`, () => {
    const over = measurePackages().subpackages.filter((s) => s.kb >= SUBPACKAGE_BUDGET_KB)
    expect(over).toEqual([])
  })
})

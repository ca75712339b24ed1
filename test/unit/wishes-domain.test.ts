import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  allowedActions,
  buildingLevel,
  canMove,
  claimBlock,
  claimDeadline,
  claimLapsed,
  DEFAULT_WISH_SETTINGS,
  isVisibleTo,
  PUBLIC_STATUSES,
  reachesWisher,
  seesContact,
  TRANSITIONS,
  worstVerdict,
  type Transition,
  type WishViewer,
} from '../../server/src/modules/wishes/wishes.domain'
import { MODERATION_VERDICTS, WISH_ACTIONS, WISH_STATUSES, type ModerationVerdict, type WishAction, type WishStatus } from '../../types/api/labels'

/*
 * The rules of a wish without I/O. The expected tables are written out from PRODUCT.md's lifecycle
 * (待审核 → 待认领 → 已认领 → 已完成 → 已确认; 未通过, 已撤回, a lapsed or abandoned claim back to 待认领), not derived
 * from the code under test.
 */

const MOVES: Record<Transition, { from: WishStatus[]; to: WishStatus }> = {
  approve: { from: ['pending'], to: 'open' },
  reject: { from: ['pending'], to: 'rejected' },
  withdraw: { from: ['pending', 'open'], to: 'withdrawn' },
  claim: { from: ['open'], to: 'claimed' },
  giveUp: { from: ['claimed'], to: 'open' },
  lapse: { from: ['claimed'], to: 'open' },
  fulfil: { from: ['claimed'], to: 'fulfilled' },
  confirm: { from: ['fulfilled'], to: 'confirmed' },
}
const TRANSITION_NAMES = Object.keys(MOVES) as Transition[]
const TERMINAL: WishStatus[] = ['confirmed', 'rejected', 'withdrawn']

describe('the state machine', () => {
  it('has exactly the moves of the lifecycle, each to its status', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...TRANSITION_NAMES].sort())
    for (const move of TRANSITION_NAMES) expect(TRANSITIONS[move].to, move).toBe(MOVES[move].to)
  })

  // Every (status, move) pair: allowed from exactly the listed statuses, refused from all others.
  const pairs = TRANSITION_NAMES.flatMap((move) => WISH_STATUSES.map((status) => [move, status, MOVES[move].from.includes(status)] as const))
  it.each(pairs)('%s from %s: %s', (move, status, allowed) => {
    expect(canMove(status, move)).toBe(allowed)
  })

  it('ends in 已确认, 未通过 and 已撤回: nothing moves a wish out of them', () => {
    for (const status of TERMINAL) expect(TRANSITION_NAMES.filter((m) => canMove(status, m)), status).toEqual([])
  })

  it('a random walk of moves from 待审核 stays inside the lifecycle', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TRANSITION_NAMES), { maxLength: 60 }), (walk) => {
        let status: WishStatus = 'pending'
        const path: WishStatus[] = [status]
        let claims = 0
        let ends = 0
        for (const move of walk) {
          if (!canMove(status, move)) continue
          const next = TRANSITIONS[move].to
          // Every step is an edge of the lifecycle, and a terminal status is never left.
          expect(MOVES[move].from).toContain(status)
          expect(TERMINAL).not.toContain(status)
          if (move === 'claim') claims++
          if (move === 'giveUp' || move === 'lapse' || move === 'fulfil') ends++
          status = next
          path.push(status)
        }
        expect(WISH_STATUSES).toContain(status)
        // Each claim ends at most once: every give-up, lapse or fulfilment closes a claim that was made.
        expect(ends).toBeLessThanOrEqual(claims)
        // 已确认 only after 已完成, 已完成 only after 已认领; review happens once, first.
        const at = (s: WishStatus) => path.indexOf(s)
        if (at('confirmed') >= 0) expect(at('fulfilled')).toBe(at('confirmed') - 1)
        if (at('fulfilled') >= 0) expect(path[at('fulfilled') - 1]).toBe('claimed')
        expect(path.slice(1).filter((s) => s === 'pending')).toEqual([])
        if (path.includes('rejected')) expect(path).toEqual(['pending', 'rejected'])
      }),
    )
  })
})

/* ----------------------------------------------------------------- who may do what */

const viewer = (v: Partial<WishViewer>): WishViewer => ({ isWisher: false, isClaimer: false, isStaff: false, mayClaim: false, selfDealing: false, ...v })
const KINDS = {
  'a resident': viewer({}),
  'the wisher': viewer({ isWisher: true }),
  'the wisher, a volunteer': viewer({ isWisher: true, mayClaim: true }),
  'a volunteer / unit': viewer({ mayClaim: true }),
  'the claimer': viewer({ isClaimer: true, mayClaim: true }),
  'staff': viewer({ isStaff: true }),
  'staff who is the wisher': viewer({ isStaff: true, isWisher: true, selfDealing: true }),
  // Separation of duties: the wish of a family member (as wisher or claimer) is for another staff member.
  'staff of the family': viewer({ isStaff: true, selfDealing: true }),
} as const
type Kind = keyof typeof KINDS

/** status → viewer kind → the buttons. The claimer only exists while a claim is live (已认领 / 已完成 / 已确认). */
const EXPECTED: Record<WishStatus, Partial<Record<Kind, WishAction[]>>> = {
  pending: {
    'a resident': [],
    'the wisher': ['withdraw'],
    'the wisher, a volunteer': ['withdraw'],
    'a volunteer / unit': [],
    staff: ['review'],
    'staff who is the wisher': ['withdraw'],
    'staff of the family': [],
  },
  open: {
    'a resident': [],
    'the wisher': ['withdraw'],
    'the wisher, a volunteer': ['withdraw'],
    'a volunteer / unit': ['claim'],
    staff: [],
    'staff who is the wisher': ['withdraw'],
  },
  claimed: {
    'a resident': [],
    'the wisher': [],
    'the wisher, a volunteer': [],
    'a volunteer / unit': [],
    'the claimer': ['give_up', 'fulfil'],
    staff: [],
    'staff who is the wisher': [],
  },
  fulfilled: {
    'a resident': [],
    'the wisher': ['confirm'],
    'the wisher, a volunteer': ['confirm'],
    'a volunteer / unit': [],
    'the claimer': [],
    staff: ['confirm_for_wisher'],
    'staff who is the wisher': ['confirm'],
    'staff of the family': [],
  },
  confirmed: { 'a resident': [], 'the wisher': [], 'the wisher, a volunteer': [], 'a volunteer / unit': [], 'the claimer': [], staff: [], 'staff who is the wisher': [] },
  rejected: { 'a resident': [], 'the wisher': [], 'the wisher, a volunteer': [], 'a volunteer / unit': [], staff: [], 'staff who is the wisher': [] },
  withdrawn: { 'a resident': [], 'the wisher': [], 'the wisher, a volunteer': [], 'a volunteer / unit': [], staff: [], 'staff who is the wisher': [] },
}

describe('allowedActions', () => {
  const rows = WISH_STATUSES.flatMap((status) => (Object.entries(EXPECTED[status]) as [Kind, WishAction[]][]).map(([kind, actions]) => [status, kind, actions] as const))
  it.each(rows)('%s, seen by %s: %j', (status, kind, actions) => {
    expect(allowedActions(status, KINDS[kind])).toEqual(actions)
  })

  /** The move and the viewer condition behind each button. */
  const BUTTON: Record<WishAction, { moves: Transition[]; who: (v: WishViewer) => boolean }> = {
    withdraw: { moves: ['withdraw'], who: (v) => v.isWisher },
    claim: { moves: ['claim'], who: (v) => v.mayClaim && !v.isWisher },
    give_up: { moves: ['giveUp'], who: (v) => v.isClaimer },
    fulfil: { moves: ['fulfil'], who: (v) => v.isClaimer },
    confirm: { moves: ['confirm'], who: (v) => v.isWisher },
    review: { moves: ['approve', 'reject'], who: (v) => v.isStaff && !v.selfDealing },
    confirm_for_wisher: { moves: ['confirm'], who: (v) => v.isStaff && !v.selfDealing && !v.isWisher && !v.isClaimer },
  }
  const anyViewer = fc.record({ isWisher: fc.boolean(), isClaimer: fc.boolean(), isStaff: fc.boolean(), mayClaim: fc.boolean(), selfDealing: fc.boolean() })

  it('offers only moves the state machine allows, to viewers entitled to them, each once', () => {
    fc.assert(
      fc.property(fc.constantFrom(...WISH_STATUSES), anyViewer, (status, v) => {
        const actions = allowedActions(status, v)
        expect(new Set(actions).size).toBe(actions.length)
        for (const a of actions) {
          expect(WISH_ACTIONS).toContain(a)
          expect(BUTTON[a].moves.every((m) => canMove(status, m)), `${a} from ${status}`).toBe(true)
          expect(BUTTON[a].who(v), `${a} for ${JSON.stringify(v)}`).toBe(true)
        }
      }),
    )
  })

  it('offers nothing on a wish the viewer may not see', () => {
    fc.assert(
      fc.property(fc.constantFrom(...WISH_STATUSES), anyViewer, (status, v) => {
        if (!isVisibleTo(status, v)) expect(allowedActions(status, v)).toEqual([])
      }),
    )
  })

  it('a lapsed claim offers its claimer neither 放弃 nor 完成, and changes nothing for anyone else', () => {
    fc.assert(
      fc.property(fc.constantFrom(...WISH_STATUSES), anyViewer, (status, v) => {
        const lapsed = allowedActions(status, v, { claimLapsed: true })
        expect(lapsed).not.toContain('give_up')
        expect(lapsed).not.toContain('fulfil')
        expect(lapsed).toEqual(allowedActions(status, v).filter((a) => a !== 'give_up' && a !== 'fulfil'))
      }),
    )
    expect(allowedActions('claimed', viewer({ isClaimer: true, mayClaim: true }))).toEqual(['give_up', 'fulfil'])
  })

  it('a claim has lapsed from its deadline on, not a millisecond before', () => {
    const deadline = new Date('2026-11-24T10:00:00+08:00')
    expect(claimLapsed({ deadline }, new Date(deadline.getTime() - 1))).toBe(false)
    expect(claimLapsed({ deadline }, deadline)).toBe(true)
  })

  it('never offers a wisher their own wish to claim', () => {
    for (const status of WISH_STATUSES) expect(allowedActions(status, viewer({ isWisher: true, mayClaim: true }))).not.toContain('claim')
  })
})

describe('isVisibleTo', () => {
  it('shows 待认领 / 已认领 / 已完成 / 已确认 to everyone, the rest only to the wisher and staff', () => {
    expect([...PUBLIC_STATUSES].sort()).toEqual(['claimed', 'confirmed', 'fulfilled', 'open'])
    const stranger = viewer({ mayClaim: true })
    for (const status of WISH_STATUSES) {
      const isPublic = ['open', 'claimed', 'fulfilled', 'confirmed'].includes(status)
      expect(isVisibleTo(status, viewer({})), status).toBe(isPublic)
      expect(isVisibleTo(status, stranger), status).toBe(isPublic)
      expect(isVisibleTo(status, viewer({ isWisher: true })), status).toBe(true)
      expect(isVisibleTo(status, viewer({ isStaff: true })), status).toBe(true)
    }
  })

  it('is granted by any one of wisher, claimer, staff, or a public status', () => {
    fc.assert(
      fc.property(fc.constantFrom(...WISH_STATUSES), fc.record({ isWisher: fc.boolean(), isClaimer: fc.boolean(), isStaff: fc.boolean(), mayClaim: fc.boolean(), selfDealing: fc.boolean() }), (status, v) => {
        expect(isVisibleTo(status, v)).toBe(v.isWisher || v.isClaimer || v.isStaff || PUBLIC_STATUSES.includes(status))
      }),
    )
  })
})

describe('seesContact', () => {
  it.each([
    ['a resident', false],
    ['a volunteer / unit', false],
    ['the wisher', true],
    ['the wisher, a volunteer', true],
    ['the claimer', true],
    ['staff', true],
    ['staff who is the wisher', true],
  ] as [Kind, boolean][])('%s: %s', (kind, sees) => {
    expect(seesContact(KINDS[kind])).toBe(sees)
  })

  it('never shows contact details of a wish the viewer cannot see', () => {
    for (const status of WISH_STATUSES) for (const v of Object.values(KINDS)) if (seesContact(v)) expect(isVisibleTo(status, v)).toBe(true)
  })
})

describe('reachesWisher', () => {
  it.each([
    ['a resident', false],
    ['a volunteer / unit', false],
    ['the wisher', false],
    ['the wisher, a volunteer', false],
    ['the claimer', true],
    ['staff', true],
    ['staff who is the wisher', false],
  ] as [Kind, boolean][])('%s: %s', (kind, reaches) => {
    expect(reachesWisher(KINDS[kind])).toBe(reaches)
  })
})

describe('claimBlock', () => {
  it('says why only where others could claim: an open wish, not the wisher’s, not staff’s, for someone who may not', () => {
    expect(claimBlock('open', viewer({}), false)).toBe('become_volunteer')
    expect(claimBlock('open', viewer({}), true)).toBe('other_community')
    expect(claimBlock('open', viewer({ mayClaim: true }), true)).toBeNull()
    expect(claimBlock('open', viewer({ isWisher: true }), false)).toBeNull()
    expect(claimBlock('open', viewer({ isStaff: true }), false)).toBeNull()
    for (const status of WISH_STATUSES.filter((s) => s !== 'open')) expect(claimBlock(status, viewer({}), false)).toBeNull()
  })

  it('is never said to someone the server offers 认领', () => {
    for (const status of WISH_STATUSES)
      for (const v of Object.values(KINDS)) for (const role of [false, true]) if (allowedActions(status, v).includes('claim')) expect(claimBlock(status, v, role)).toBeNull()
  })
})

describe('claimDeadline', () => {
  it('is claimDays whole days after the claim (China has no daylight saving)', () => {
    expect(claimDeadline(new Date('2026-11-17T10:00:00+08:00'), DEFAULT_WISH_SETTINGS.claimDays).toISOString()).toBe(new Date('2026-11-24T10:00:00+08:00').toISOString())
    expect(claimDeadline(new Date('2026-12-30T23:30:00+08:00'), 3).toISOString()).toBe(new Date('2027-01-02T23:30:00+08:00').toISOString())
    expect(claimDeadline(new Date('2028-02-28T08:00:00+08:00'), 1).toISOString()).toBe(new Date('2028-02-29T08:00:00+08:00').toISOString())
  })

  it('for any instant and 1–60 days', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2020-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }), fc.integer({ min: 1, max: 60 }), (at, days) => {
        const deadline = claimDeadline(at, days)
        expect(deadline.getTime() - at.getTime()).toBe(days * 86_400_000)
        expect(at.getTime()).toBe(new Date(at).getTime()) // the claim instant is not mutated
      }),
    )
  })

  it('defaults to the product’s rules: ¥300 cap, 3 claims at a time, 7 days', () => {
    expect(DEFAULT_WISH_SETTINGS).toEqual({ maxValueYuan: 300, claimLimit: 3, claimDays: 7 })
  })
})

describe('worstVerdict', () => {
  it.each([
    [[], 'pass'],
    [['pass'], 'pass'],
    [['pass', 'unchecked'], 'unchecked'],
    [['unchecked', 'pending'], 'pending'],
    [['pending', 'review', 'pass'], 'review'],
    [['review', 'risky', 'pending'], 'risky'],
    [['risky', 'pass'], 'risky'],
  ] as [ModerationVerdict[], ModerationVerdict][])('%j → %s', (verdicts, worst) => {
    expect(worstVerdict(verdicts)).toBe(worst)
  })

  const RANK: ModerationVerdict[] = ['pass', 'unchecked', 'pending', 'review', 'risky']
  it('is the highest of pass < unchecked < pending < review < risky, whatever the order', () => {
    expect([...RANK].sort()).toEqual([...MODERATION_VERDICTS].sort())
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...MODERATION_VERDICTS), { maxLength: 8 }), (verdicts) => {
        const worst = worstVerdict(verdicts)
        expect(worst).toBe(RANK[Math.max(0, ...verdicts.map((v) => RANK.indexOf(v)))])
        expect(worstVerdict([...verdicts].reverse())).toBe(worst)
        expect(worstVerdict([...verdicts, 'risky'])).toBe('risky')
        expect(worstVerdict([worst])).toBe(worst)
      }),
    )
  })
})

describe('buildingLevel', () => {
  it('is the estate and the building, never the flat', () => {
    expect(buildingLevel('花园小区', '3号楼')).toBe('花园小区 3号楼')
  })
})

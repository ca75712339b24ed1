import type { ContactPreference, ModerationVerdict, WishAction, WishClaimBlock, WishStatus } from '../../../../types/api/labels'
import { DAY_MS } from '../../../../types/time'

/*
 * The rules of a wish, without I/O: which moves exist, who may make them, what each viewer may see.
 */

export const DEFAULT_WISH_SETTINGS = { maxValueYuan: 300, claimLimit: 3, claimDays: 7 } as const

/** The moves of the state machine and the status each one starts from. */
export const TRANSITIONS = {
  approve: { from: ['pending'], to: 'open' },
  reject: { from: ['pending'], to: 'rejected' },
  withdraw: { from: ['pending', 'open'], to: 'withdrawn' },
  claim: { from: ['open'], to: 'claimed' },
  giveUp: { from: ['claimed'], to: 'open' },
  lapse: { from: ['claimed'], to: 'open' },
  fulfil: { from: ['claimed'], to: 'fulfilled' },
  confirm: { from: ['fulfilled'], to: 'confirmed' },
} as const satisfies Record<string, { from: readonly WishStatus[]; to: WishStatus }>

export type Transition = keyof typeof TRANSITIONS

export function canMove(status: WishStatus, move: Transition): boolean {
  return (TRANSITIONS[move].from as readonly WishStatus[]).includes(status)
}

/** Who is looking at a wish, as far as the rules care. */
export type WishViewer = {
  isWisher: boolean
  /** Holds the wish's live claim. */
  isClaimer: boolean
  /** Staff of the wish's community (or an admin). */
  isStaff: boolean
  /** May claim wishes at all: a volunteer, party member or 驻区单位. */
  mayClaim: boolean
  /**
   * The wish is the viewer's own or their household's (as wisher or claimer): as staff they may not review it nor
   * confirm it (separation of duties — another staff member does).
   */
  selfDealing: boolean
}

/** Statuses everyone may see; the others only the wisher and staff. */
export const PUBLIC_STATUSES: readonly WishStatus[] = ['open', 'claimed', 'fulfilled', 'confirmed']

export function isVisibleTo(status: WishStatus, viewer: WishViewer): boolean {
  return viewer.isWisher || viewer.isStaff || viewer.isClaimer || PUBLIC_STATUSES.includes(status)
}

/**
 * The buttons to show: exactly the moves the server would accept from this viewer now. A claim past its deadline
 * (`claimLapsed`) has lapsed even before the sweep records it (within a minute): its claimer may no longer give it
 * up or fulfil it.
 */
export function allowedActions(status: WishStatus, viewer: WishViewer, { claimLapsed = false }: { claimLapsed?: boolean } = {}): WishAction[] {
  const actions: WishAction[] = []
  if (viewer.isWisher && canMove(status, 'withdraw')) actions.push('withdraw')
  if (!viewer.isWisher && viewer.mayClaim && canMove(status, 'claim')) actions.push('claim')
  if (viewer.isClaimer && status === 'claimed' && !claimLapsed) actions.push('give_up', 'fulfil')
  if (viewer.isWisher && canMove(status, 'confirm')) actions.push('confirm')
  if (viewer.isStaff && !viewer.selfDealing && status === 'pending') actions.push('review')
  // Staff confirm for someone else: never for their own wish, never for a claim they hold (it pays the claimer).
  if (mayConfirmForWisher(viewer) && canMove(status, 'confirm')) actions.push('confirm_for_wisher')
  return actions
}

export function mayConfirmForWisher(viewer: WishViewer): boolean {
  return viewer.isStaff && !viewer.selfDealing && !viewer.isWisher && !viewer.isClaimer
}

/** Full names, notes and the flat go to the wisher, the claimer holding the wish, and staff. */
export function seesContact(viewer: WishViewer): boolean {
  return viewer.isWisher || viewer.isClaimer || viewer.isStaff
}

/** The block of how to reach the wisher: for those who must reach her (the claimer, staff), never to herself. */
export function reachesWisher(viewer: WishViewer): boolean {
  return !viewer.isWisher && (viewer.isClaimer || viewer.isStaff)
}

/**
 * Why this viewer may not claim an open wish, said so the page can show the way forward: someone without a claiming
 * role (volunteer, party member, 驻区单位) may become a volunteer; someone with one claims in their own community.
 * Nothing for the wisher and staff, who have other parts to play.
 */
export function claimBlock(status: WishStatus, viewer: WishViewer, hasClaimRole: boolean): WishClaimBlock | null {
  if (status !== 'open' || viewer.isWisher || viewer.isStaff || viewer.mayClaim) return null
  return hasClaimRole ? 'other_community' : 'become_volunteer'
}

/**
 * The wisher's phone number for this viewer: the wisher and staff always; the claimer unless the wisher asked to
 * be reached through the community (由社区工作人员转达).
 */
export function seesPhone(viewer: WishViewer, preference: ContactPreference): boolean {
  return viewer.isWisher || viewer.isStaff || (viewer.isClaimer && preference !== 'via_staff')
}

/** Whether an active claim has run past its deadline: from that instant it has lapsed (the sweep only records it). */
export function claimLapsed(claim: { deadline: Date }, now: Date): boolean {
  return claim.deadline <= now
}

/** The day a claim made now must be fulfilled by. */
export function claimDeadline(claimedAt: Date, claimDays: number): Date {
  return new Date(claimedAt.getTime() + claimDays * DAY_MS)
}

/**
 * The check result a reviewer should see first: the worst of the text's and the photos' verdicts.
 * risky > review > pending > unchecked > pass.
 */
const SEVERITY: Record<ModerationVerdict, number> = { pass: 0, unchecked: 1, pending: 2, review: 3, risky: 4 }
export function worstVerdict(verdicts: ModerationVerdict[]): ModerationVerdict {
  return verdicts.reduce<ModerationVerdict>((worst, v) => (SEVERITY[v] > SEVERITY[worst] ? v : worst), 'pass')
}

/** 花园小区 3号楼: the location a public list may show. */
export function buildingLevel(estate: string, building: string): string {
  return `${estate} ${building}`
}

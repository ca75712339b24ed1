import type { WishSummary } from '../../../../types/api/wishes'
import { toApiInstant } from '../../../../types/time'
import type { AppContext } from '../../context'
import type { Principal } from '../../http/principal'
import { maskName, nameForOthers } from '../org/org.domain'
import type { Address } from '../people/people.api'
import { fileUrl, type UploadRow } from '../uploads/uploads.service'
import { allowedActions, buildingLevel, claimBlock, claimLapsed, reachesWisher, seesContact, seesPhone, type WishViewer } from './wishes.domain'
import type * as repo from './wishes.repository'

/** A wish with everything its DTO shows, its pictures and the wisher's address included. */
export type WishView = repo.WishViewRow & { photos: UploadRow[]; address: Address | null }

/** Whose a wish is, for separation of duties: the wisher and their household, and the claimer and theirs. */
export function wishParties(wish: repo.WishRow, claim: repo.ClaimRow | null, wisherHouseholdId: number | null | undefined, claimerHouseholdId: number | null | undefined) {
  return [
    { personId: wish.wisherPersonId, householdId: wisherHouseholdId },
    ...(claim ? [{ userId: claim.claimerUserId, personId: claim.claimerPersonId, householdId: claimerHouseholdId }] : []),
  ]
}

export function viewerOf(principal: Principal, view: WishView): WishViewer {
  const claim = view.claim
  return {
    isWisher: principal.personId !== null && principal.personId === view.wish.wisherPersonId,
    isClaimer: claim !== null && claim.claimerUserId === principal.userId,
    isStaff: principal.isStaffOf(view.wish.communityId),
    // A person claims only in the community they live in, a unit in the one it reported to.
    mayClaim:
      ((principal.has('volunteer') || principal.has('party_member')) && principal.communityId === view.wish.communityId) ||
      (principal.has('unit') && principal.unitCommunityId === view.wish.communityId),
    selfDealing: principal.isSelfDealing(...wishParties(view.wish, claim, view.wisherHouseholdId, view.claimerHouseholdId)),
  }
}

export function toSummary(ctx: AppContext, principal: Principal, view: WishView): WishSummary {
  const { wish, claim } = view
  const viewer = viewerOf(principal, view)
  const trusted = seesContact(viewer)
  const location = view.address ? buildingLevel(view.address.estate, view.address.building) : view.communityName
  // A child's name is 王* to everyone but the child (and masks apply on top of that).
  const now = ctx.now()
  const wisherName = viewer.isWisher ? view.wisherName : nameForOthers({ name: view.wisherName, birthYear: view.wisherBirthYear }, now)
  const claimerPersonName = claim?.claimerPersonId && claim.claimerPersonId !== principal.personId ? nameForOthers({ name: view.claimerPersonName!, birthYear: view.claimerBirthYear }, now) : view.claimerPersonName
  const claimerName = claim ? (claim.claimerUnitId ? view.claimerUnitName! : trusted ? claimerPersonName! : maskName(claimerPersonName!)) : null
  return {
    id: wish.id,
    communityId: wish.communityId,
    category: wish.category,
    title: wish.title,
    description: wish.description,
    photos: view.photos.map((u) => ({ id: u.id, url: fileUrl(u.storageKey) })),
    valueYuan: wish.valueYuan,
    neededBy: wish.neededBy,
    status: wish.status,
    wisherName: trusted ? wisherName : maskName(wisherName),
    location,
    contactPreference: wish.contactPreference,
    contact: reachesWisher(viewer)
      ? {
          name: wisherName,
          phone: seesPhone(viewer, wish.contactPreference) ? ctx.personalData.openPhone(view.wisherPhoneCipher) : null,
          address: view.address?.text ?? view.communityName,
        }
      : null,
    postedOnBehalf: wish.postedOnBehalf,
    rejectReason: viewer.isWisher || viewer.isStaff ? wish.rejectReason : null,
    claim: claim
      ? {
          claimerName: claimerName!,
          mine: viewer.isClaimer,
          claimedAt: toApiInstant(claim.claimedAt),
          deadline: toApiInstant(claim.deadline),
          fulfilledAt: claim.fulfilledAt ? toApiInstant(claim.fulfilledAt) : null,
          fulfilNote: claim.fulfilNote,
          proofPhotoUrl: view.proofKey ? fileUrl(view.proofKey) : null,
        }
      : null,
    confirmation:
      claim?.status === 'confirmed' && claim.thanks && claim.rating
        ? { confirmedAt: toApiInstant(wish.confirmedAt!), thanks: claim.thanks, rating: claim.rating, byStaff: claim.confirmedByStaff }
        : null,
    moderation: viewer.isStaff ? { text: wish.textModeration, photos: view.photos.map((u) => u.moderation), labels: moderationLabels(view) } : null,
    actions: allowedActions(wish.status, viewer, { claimLapsed: claim?.status === 'active' && claimLapsed(claim, now) }),
    claimBlock: claimBlock(wish.status, viewer, principal.has('volunteer') || principal.has('party_member') || principal.has('unit')),
    mine: viewer.isWisher,
    createdAt: toApiInstant(wish.createdAt),
  }
}

function moderationLabels(view: WishView): string[] {
  const photoLabels = view.photos.flatMap((u, i) => (u.moderationLabel ? [`照片${i + 1}：${u.moderationLabel}`] : []))
  return [...view.wish.moderationLabels, ...photoLabels]
}

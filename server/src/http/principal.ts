import type { Role } from '../../../types/api/common'
import { AppError } from './app-error'

/** Who a matter belongs to, as far as it is known: the account, the person, the household. */
export type SubjectParty = { userId?: number | null; personId?: number | null; householdId?: number | null }

/**
 * Who is calling and what they may do. Built once per request from the session token and the account's role
 * grants; every authorisation decision in the services goes through these methods.
 */
export class Principal {
  constructor(
    readonly userId: number,
    readonly roles: ReadonlySet<Role>,
    /** Communities where the account holds a staff grant. */
    private readonly staffCommunities: ReadonlySet<number>,
    /** The community the account lives in or belongs to; null for a new account not yet placed. */
    readonly communityId: number | null,
    readonly personId: number | null,
    readonly householdId: number | null,
    /** The session the request's access token belongs to (logout ends it). */
    readonly sessionId: string | null = null,
    /** The community of the 驻区单位 the account is a member of (where it claims wishes in the unit's name). */
    readonly unitCommunityId: number | null = null,
  ) {}

  has(role: Role): boolean {
    return this.roles.has(role)
  }

  get isAdmin(): boolean {
    return this.roles.has('admin')
  }

  /** Staff act only inside their own community; an admin acts in every community. */
  isStaffOf(communityId: number): boolean {
    return this.isAdmin || this.staffCommunities.has(communityId)
  }

  assertStaffOf(communityId: number): void {
    if (this.isStaffOf(communityId)) return
    throw new AppError(this.has('staff') ? 'OUT_OF_COMMUNITY' : 'FORBIDDEN')
  }

  /**
   * Separation of duties: whether acting on something of these parties would be dealing with oneself — the
   * caller's own account, own person or own household (a family member's booking, wish, sign-up, redemption or
   * points). Admins are no exception: their own household's matters, too, are for another staff member.
   */
  isSelfDealing(...parties: SubjectParty[]): boolean {
    return parties.some(
      (p) =>
        (p.userId != null && p.userId === this.userId) ||
        (p.personId != null && p.personId === this.personId) ||
        (p.householdId != null && p.householdId === this.householdId),
    )
  }

  /** Refuses a staff action on the caller's own or their household's matter (SELF_DEALING_FORBIDDEN). */
  assertNotSelfDealing(...parties: SubjectParty[]): void {
    if (this.isSelfDealing(...parties)) throw new AppError('SELF_DEALING_FORBIDDEN')
  }

  /**
   * The community a staff request is about: the one asked for, else the first with a staff grant (else the
   * caller's own); refused unless the caller is staff there.
   */
  staffScope(requested?: number): number {
    const communityId = requested ?? this.staffGrantCommunityIds[0] ?? this.communityId
    if (!communityId) throw new AppError('COMMUNITY_REQUIRED')
    this.assertStaffOf(communityId)
    return communityId
  }

  /** Communities with an explicit staff grant (an admin additionally acts everywhere). */
  get staffGrantCommunityIds(): number[] {
    return [...this.staffCommunities].sort((a, b) => a - b)
  }
}

import type { StaffOverview } from '../../../../types/api/people'
import type { AppContext } from '../../context'
import type { Principal } from '../../http/principal'
import { countBookingsToApprove } from '../booking/bookings.service'
import { countWishesToReview } from '../wishes/wish-lists.service'
import * as repo from './people.repository'
import * as reporting from './reporting.repository'

/* ----------------------------------------------------------------- 社区工作台 */

/** The counts on the 工作台's entries: applications, 双报到 to confirm, wishes to review, bookings to approve. */
export async function getStaffOverview(ctx: AppContext, principal: Principal, requested?: number): Promise<StaffOverview> {
  const communityId = principal.staffScope(requested)
  const [residencyApplications, partyReports, unitRegistrations, wishesToReview, bookingsToApprove] = await Promise.all([
    repo.countPendingApplications(ctx.db, communityId),
    reporting.countPendingPartyReports(ctx.db, communityId),
    reporting.countPendingUnits(ctx.db, communityId),
    countWishesToReview(ctx.db, communityId),
    countBookingsToApprove(ctx.db, communityId, ctx.now()),
  ])
  return { communityId, residencyApplications, partyReports, unitRegistrations, wishesToReview, bookingsToApprove }
}

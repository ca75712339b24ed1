import type { StaffOverview } from '../../../../types/api/people'
import { DAY_MS, startOfChinaDay } from '../../../../types/time'
import type { AppContext } from '../../context'
import type { Principal } from '../../http/principal'
import { countBookingsToApprove } from '../booking/bookings.service'
import { countWishesToReview } from '../wishes/wish-lists.service'
import * as repo from './people.repository'
import * as reporting from './reporting.repository'
import * as workbench from './workbench.repository'

/* ----------------------------------------------------------------- 社区工作台 */

/**
 * The counts on the 工作台's entries: applications, 双报到 to confirm, wishes to review, bookings to approve,
 * redemptions to hand out and today's activities (today: the China day of ctx.now()).
 */
export async function getStaffOverview(ctx: AppContext, principal: Principal, requested?: number): Promise<StaffOverview> {
  const communityId = principal.staffScope(requested)
  const now = ctx.now()
  const today = startOfChinaDay(now)
  const [residencyApplications, partyReports, unitRegistrations, wishesToReview, bookingsToApprove, redemptionsToHandOut, activitiesToday] = await Promise.all([
    repo.countPendingApplications(ctx.db, communityId),
    reporting.countPendingPartyReports(ctx.db, communityId),
    reporting.countPendingUnits(ctx.db, communityId),
    countWishesToReview(ctx.db, communityId),
    countBookingsToApprove(ctx.db, communityId, now),
    workbench.countRedemptionsToHandOut(ctx.db, communityId, now),
    workbench.countActivitiesStarting(ctx.db, communityId, today, new Date(today.getTime() + DAY_MS)),
  ])
  return { communityId, residencyApplications, partyReports, unitRegistrations, wishesToReview, bookingsToApprove, redemptionsToHandOut, activitiesToday }
}

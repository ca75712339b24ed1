import type { StaffOverview } from '../../types/api/people'
import { json, type FakeApi } from './support'

/** A community's counts of what waits: nothing, unless the test says otherwise. */
export function overview(communityId: number, counts: Partial<StaffOverview> = {}): StaffOverview {
  return {
    communityId,
    residencyApplications: 0,
    partyReports: 0,
    unitRegistrations: 0,
    wishesToReview: 0,
    bookingsToApprove: 0,
    redemptionsToHandOut: 0,
    activitiesToday: 0,
    ...counts,
  }
}

/** What the 工作台 reads besides the profile: the counts of the community asked for, and the holiday calendar. */
export function serveOverview(api: FakeApi, counts: (communityId: number) => Partial<StaffOverview> = () => ({})) {
  api.on('GET /api/calendar/status', () => json({ missingYear: null, notice: null }))
  api.on('GET /api/staff/overview', (call) => {
    const communityId = Number(call.query.get('communityId'))
    return json(overview(communityId, counts(communityId)))
  })
}

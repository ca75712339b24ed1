/** API fixtures of the organiser's side of 志愿服务, typed by the contract in types/api/volunteer.ts. */
import type { Activity, ActivityQr, ActivitySummary, Project, Roster, RosterEntry, Team } from '../../types/api/volunteer'

export { staffMember, staffStation } from './staff-booking-fixtures'

/** An activity of 联通社区 (7) as GET /api/staff/activities lists it: 义剪 next Saturday morning. */
export function activitySummary(overrides: Partial<ActivitySummary> = {}): ActivitySummary {
  return {
    id: 41,
    communityId: 7,
    communityName: '联通社区',
    title: '重阳节敬老义剪',
    teamName: '银发理发队',
    projectName: '周末义剪',
    place: '党群服务中心一楼大厅',
    startsAt: '2026-11-21T09:00:00+08:00',
    endsAt: '2026-11-21T11:30:00+08:00',
    skills: ['haircut', 'elderly_care'],
    capacity: 6,
    signedUp: 4,
    waitlisted: 2,
    hours: 2.5,
    points: 25,
    cancelled: false,
    phase: 'upcoming',
    mySignup: null,
    photo: null,
    imageUrl: '/api/pictures/activity-haircut.png',
    thumbnailUrl: '/api/pictures/activity-haircut.thumb.png',
    ...overrides,
  }
}

/** The whole activity, as the roster and GET /api/activities/:id carry it: 银发理发队 (3), 周末义剪 (5), at station 1. */
export function activity(overrides: Partial<Activity> = {}): Activity {
  return {
    ...activitySummary(),
    teamId: 3,
    projectId: 5,
    stationId: 1,
    cancelDeadlineHours: 24,
    cancelReason: null,
    seriesId: null,
    description: '为社区60岁以上老人免费理发，请自带理发工具。',
    stationName: '联通社区党群服务中心',
    latitude: 36.0662,
    longitude: 120.3826,
    geofenceMeters: 200,
    organiserName: '赵敏',
    organiserPhone: '13900001111',
    cancelDeadline: '2026-11-20T09:00:00+08:00',
    mySignup: null,
    actions: ['manage'],
    ...overrides,
  }
}

export function entry(overrides: Partial<RosterEntry> = {}): RosterEntry {
  return {
    signupId: 901,
    userId: 201,
    name: '李志强',
    phone: '13811112222',
    status: 'accepted',
    waitlistPosition: null,
    checkedInAt: null,
    checkedOutAt: null,
    computedHours: null,
    confirmedHours: null,
    confirmedAt: null,
    // Not arrived, the activity under way: the server offers manual check-in and 记未到场.
    actions: ['check_in', 'no_show'],
    ...overrides,
  }
}

/**
 * The roster of the 义剪 on the day: one not yet arrived, one in, one out awaiting confirmation, one confirmed;
 * two on the waitlist (listed out of order); one who cancelled and one who did not come.
 */
export function roster(overrides: Partial<Roster> = {}): Roster {
  return {
    activity: activity(),
    entries: [
      entry(),
      entry({ signupId: 902, userId: 202, name: '王秀兰', phone: '13833334444', checkedInAt: '2026-11-21T08:52:00+08:00', actions: ['check_out'] }),
      entry({ signupId: 903, userId: 203, name: '张建国', phone: null, checkedInAt: '2026-11-21T09:05:00+08:00', checkedOutAt: '2026-11-21T11:20:00+08:00', computedHours: 2, actions: ['confirm'] }),
      entry({
        signupId: 904,
        userId: 204,
        name: '陈桂芳',
        phone: '13855556666',
        checkedInAt: '2026-11-21T08:50:00+08:00',
        checkedOutAt: '2026-11-21T11:35:00+08:00',
        computedHours: 2.5,
        confirmedHours: 2.5,
        confirmedAt: '2026-11-21T11:40:00+08:00',
        actions: [],
      }),
      entry({ signupId: 906, userId: 206, name: '周丽', phone: '13877778888', status: 'waitlisted', waitlistPosition: 2, actions: [] }),
      entry({ signupId: 905, userId: 205, name: '孙强', phone: '13899990000', status: 'waitlisted', waitlistPosition: 1, actions: [] }),
      entry({ signupId: 907, userId: 207, name: '刘洋', phone: '13700001111', status: 'cancelled', actions: [] }),
      entry({ signupId: 908, userId: 208, name: '赵磊', phone: '13700002222', status: 'no_show', actions: [] }),
    ],
    ...overrides,
  }
}

export function team(overrides: Partial<Team> = {}): Team {
  return { id: 3, communityId: 7, name: '银发理发队', description: '', memberCount: 8, joined: false, ...overrides }
}

export function project(overrides: Partial<Project> = {}): Project {
  return { id: 5, communityId: 7, teamId: 3, name: '周末义剪', description: '', ...overrides }
}

export function qr(overrides: Partial<ActivityQr> = {}): ActivityQr {
  return { code: 'doorstep:vol:41:59000000:AbCdEfGhIjKlMnOp', expiresAt: '2026-11-21T09:01:00+08:00', refreshAfterSeconds: 30, ...overrides }
}

import Taro from '@tarojs/taro'

const LOGIN_PAGE = '/packages/account/login/index'

/** Pages of the subpackages (src/app.config.ts). */
export const ROUTES = {
  points: '/packages/points/index/index',
  statement: '/packages/points/statement/index',
  leaderboard: '/packages/points/leaderboard/index',
  shop: '/packages/points/shop/index',
  redemptions: '/packages/points/redemptions/index',
  staffVerify: '/packages/staff/verify/index',
  staffPoints: '/packages/staff/points/index',
  staffShop: '/packages/staff/shop/index',
  wishPost: '/packages/wish/post/index',
  wishDetail: '/packages/wish/detail/index',
  wishMine: '/packages/wish/mine/index',
  wishClaims: '/packages/wish/claims/index',
  staffWishReview: '/packages/staff/wish-review/index',
  staffWishPost: '/packages/staff/wish-post/index',
  stations: '/packages/booking/stations/index',
  station: '/packages/booking/station/index',
  room: '/packages/booking/room/index',
  bookingMine: '/packages/booking/mine/index',
  bookingDetail: '/packages/booking/detail/index',
  eventCalendar: '/packages/booking/calendar/index',
  staffBookings: '/packages/staff/bookings/index',
  staffStations: '/packages/staff/stations/index',
  adminCalendar: '/packages/staff/calendar/index',
  volunteerRegister: '/packages/volunteer/register/index',
  activityDetail: '/packages/volunteer/detail/index',
  volunteerMine: '/packages/volunteer/mine/index',
  volunteerRecords: '/packages/volunteer/records/index',
  certificate: '/packages/volunteer/certificate/index',
  certificateVerify: '/packages/volunteer/verify/index',
  volunteerTeams: '/packages/volunteer/teams/index',
  staffActivities: '/packages/staff/activities/index',
  staffRoster: '/packages/staff/roster/index',
  staffActivityQr: '/packages/staff/activity-qr/index',
  personalInfo: '/packages/account/privacy/index',
  residency: '/packages/account/residency/index',
  household: '/packages/account/household/index',
  householdJoin: '/packages/account/join/index',
  partyReport: '/packages/account/party-report/index',
  unit: '/packages/account/unit/index',
  unitJoin: '/packages/account/unit-join/index',
  staffResidency: '/packages/staff/residency/index',
  staffAdmin: '/packages/staff/staff-admin/index',
  staffDualReporting: '/packages/staff/dual-reporting/index',
  staffLedger: '/packages/staff/ledger/index',
  staffHouseholds: '/packages/staff/households/index',
  staffBuildings: '/packages/staff/buildings/index',
  adminOrg: '/packages/staff/org/index',
  staffInvite: '/packages/account/staff-invite/index',
  privacyPolicy: '/packages/account/privacy-policy/index',
  adminAccessLog: '/packages/staff/access-log/index',
  workbench: '/packages/workbench/index/index',
  workbenchDashboard: '/packages/workbench/dashboard/index',
  workbenchExports: '/packages/workbench/exports/index',
  workbenchAudit: '/packages/workbench/audit/index',
} as const

export const WISHES_TAB = '/pages/wishes/index'

/** The page of one wish. */
export function wishDetailUrl(id: number): string {
  return `${ROUTES.wishDetail}?id=${id}`
}

export function goToLogin() {
  void Taro.navigateTo({ url: LOGIN_PAGE })
}

export function goTo(url: string) {
  void Taro.navigateTo({ url })
}

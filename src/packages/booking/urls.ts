import { ROUTES } from '../../utils/navigation'

/** The pages of the booking subpackage with their parameters. */
export const stationUrl = (id: number) => `${ROUTES.station}?id=${id}`
export const roomUrl = (id: number) => `${ROUTES.room}?id=${id}`
export const bookingDetailUrl = (id: number) => `${ROUTES.bookingDetail}?id=${id}`

/** 活动预告 of one station (of its community: another community's station is not in the caller's own). */
export const stationCalendarUrl = (station: { id: number; communityId: number }) => `${ROUTES.eventCalendar}?stationId=${station.id}&communityId=${station.communityId}`

import type { Booking, Closure, OpeningDay as OpeningDayDto, Room, StationListItem } from '../../../../types/api/booking'
import { toApiInstant } from '../../../../types/time'
import type { roomClosures } from '../../db/schema'
import type { Principal } from '../../http/principal'
import { distanceMeters, eventPhase, isOpenAt, nameForOthers, openingHoursText, type OpeningDay } from '../org/org.domain'
import type { PersonalDataCipher } from '../privacy/personal-data-cipher'
import { bookingActions, cancelDeadline } from './booking.domain'
import type * as repo from './booking.repository'
import { pictureOf, stationPicture } from '../uploads/pictures'

/** A station lists its photos itself (`photos`): its list item carries only what to show. */
const pictureUrls = ({ imageUrl, thumbnailUrl }: { imageUrl: string; thumbnailUrl: string }) => ({ imageUrl, thumbnailUrl })

/* Rows of the booking module as the contract's DTOs. Pure: what needs the database is looked up by the services. */

export function rulesOf(room: repo.RoomRow): Room['rules'] {
  const { slotMinutes, minDurationMinutes, maxDurationMinutes, advanceDays, minNoticeMinutes, requiresApproval, bufferMinutes, maxActivePerPerson, cancelDeadlineMinutes, noShowAfterMinutes } = room
  return { slotMinutes, minDurationMinutes, maxDurationMinutes, advanceDays, minNoticeMinutes, requiresApproval, bufferMinutes, maxActivePerPerson, cancelDeadlineMinutes, noShowAfterMinutes }
}

export function toRoom(room: repo.RoomRow, photos: Room['photos']): Room {
  return {
    id: room.id,
    stationId: room.stationId,
    communityId: room.communityId,
    kind: room.kind,
    name: room.name,
    category: room.category,
    capacity: room.capacity,
    facilities: room.facilities,
    description: room.description,
    photos,
    active: room.active,
    rules: rulesOf(room),
  }
}

export type ListedStation = Awaited<ReturnType<typeof repo.listStations>>[number]

export function toListItem(row: ListedStation, today: OpeningDay, now: number, from: { latitude: number; longitude: number } | null): StationListItem {
  const s = row.station
  return {
    id: s.id,
    communityId: s.communityId,
    communityName: row.communityName,
    name: s.name,
    kind: s.kind,
    address: s.address,
    phone: s.phone,
    latitude: s.latitude,
    longitude: s.longitude,
    hoursToday: openingHoursText(today),
    openNow: isOpenAt(today, now),
    roomCount: row.roomCount,
    toolCount: row.toolCount,
    distanceMeters: from ? distanceMeters(from, s) : null,
    ...pictureUrls(pictureOf(s.photoIds[0] ?? null, row.photoKey, stationPicture(s.kind))),
  }
}

export function toOpeningDayDto(day: OpeningDay): OpeningDayDto {
  return { date: day.date, dayKind: day.dayKind, holidayName: day.holidayName, hours: openingHoursText(day) }
}

/** Whose a booking is: the booker's account, person and household. */
export const bookerParty = (view: repo.BookingView) => ({ userId: view.booking.bookerUserId, personId: view.bookerPersonId, householdId: view.bookerHouseholdId })

/** A booking as `principal` sees it at `now`: the booker's phone only for the booker and staff, `actions` for them. */
export function toBooking(view: repo.BookingView, principal: Principal, now: number, personalData: PersonalDataCipher): Booking {
  const { booking: b, room, station } = view
  const isBooker = b.bookerUserId === principal.userId
  const isStaff = principal.isStaffOf(b.communityId)
  const rules = rulesOf(room)
  const start = b.startsAt.getTime()
  return {
    id: b.id,
    communityId: b.communityId,
    room: { id: room.id, name: room.name, kind: room.kind },
    station: { id: station.id, name: station.name, address: station.address, phone: station.phone },
    startsAt: toApiInstant(b.startsAt),
    endsAt: toApiInstant(b.endsAt),
    purpose: b.purpose,
    attendees: b.attendees,
    isPublic: b.isPublic,
    status: b.status,
    phase: eventPhase({ startsAt: b.startsAt, endsAt: b.endsAt, cancelled: b.status === 'cancelled' || b.status === 'rejected' }, new Date(now)),
    bookerName: isBooker ? view.bookerName : nameForOthers({ name: view.bookerName, birthYear: view.bookerBirthYear }, new Date(now)),
    bookerPhone: isBooker || isStaff ? personalData.openPhone(view.bookerPhoneCipher) : null,
    rejectReason: b.rejectReason,
    cancelReason: b.cancelReason,
    checkedInAt: b.checkedInAt ? toApiInstant(b.checkedInAt) : null,
    cancelDeadline: toApiInstant(cancelDeadline({ status: b.status, startsAt: start }, rules)),
    createdAt: toApiInstant(b.createdAt),
    // Staff actions are offered only on bookings that are not their own household's (separation of duties).
    actions: bookingActions({ status: b.status, kind: room.kind, startsAt: start, endsAt: b.endsAt.getTime() }, rules, { isBooker, isStaff: isStaff && !principal.isSelfDealing(bookerParty(view)) }, now),
  }
}

export function toClosure(c: typeof roomClosures.$inferSelect): Closure {
  return { id: c.id, roomId: c.roomId, startsAt: toApiInstant(c.startsAt), endsAt: toApiInstant(c.endsAt), reason: c.reason }
}

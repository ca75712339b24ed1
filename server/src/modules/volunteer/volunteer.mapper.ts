import type { Activity, ActivitySummary, Certificate, MySignup, Roster, ServiceRecord } from '../../../../types/api/volunteer'
import type { VolunteerSkill } from '../../../../types/api/labels'
import { chinaDate, MINUTE_MS, toApiInstant } from '../../../../types/time'
import type { Principal } from '../../http/principal'
import { eventPhase, nameForOthers } from '../org/org.domain'
import type { PersonalDataCipher } from '../privacy/personal-data-cipher'
import type * as certificatesRepo from './certificates.repository'
import { activityActions, cancelDeadline, hoursOf, rosterActions, serviceMinutes } from './volunteer.domain'
import type * as repo from './volunteer.repository'
import { activityPicture, pictureOf } from '../uploads/pictures'

/* Rows of the volunteer module as the contract's DTOs. Pure: what needs the database is looked up by the services. */

function durationHours(a: repo.ActivityRow): number {
  return hoursOf((a.endsAt.getTime() - a.startsAt.getTime()) / MINUTE_MS)
}

/** An activity in a list; `positions` are the waitlist places by sign-up. */
export function toSummary(view: NonNullable<repo.ActivityView>, mine: repo.SignupRow | null, positions: Map<number, number>, now: Date): ActivitySummary {
  const a = view.activity
  const hours = durationHours(a)
  return {
    id: a.id,
    communityId: a.communityId,
    communityName: view.communityName,
    title: a.title,
    teamName: view.teamName,
    projectName: view.projectName,
    place: a.place,
    startsAt: toApiInstant(a.startsAt),
    endsAt: toApiInstant(a.endsAt),
    skills: a.skills as VolunteerSkill[],
    capacity: a.capacity,
    signedUp: a.signedUp,
    waitlisted: view.waitlisted,
    hours,
    points: Math.round(view.pointsPerHour * hours),
    cancelled: a.cancelledAt !== null,
    phase: eventPhase({ startsAt: a.startsAt, endsAt: a.endsAt, cancelled: a.cancelledAt !== null }, now),
    mySignup: mine ? { id: mine.id, status: mine.status, waitlistPosition: positions.get(mine.id) ?? null } : null,
    ...pictureOf(a.photoId, view.photoKey, activityPicture(a.skills)),
  }
}

/**
 * An activity's page as one caller sees it: their sign-up and what they may do. The organiser's phone is given
 * already opened, or null when this caller may not see it.
 */
export function toActivity(
  view: NonNullable<repo.ActivityView>,
  mine: repo.SignupRow | null,
  positions: Map<number, number>,
  caller: { isOrganiser: boolean; organiserPhone: string | null },
  now: Date,
): Activity {
  const a = view.activity
  const state = { startsAt: a.startsAt.getTime(), endsAt: a.endsAt.getTime(), cancelled: a.cancelledAt !== null, capacity: a.capacity, signedUp: a.signedUp, cancelDeadlineHours: a.cancelDeadlineHours }
  const signupState = mine ? { status: mine.status, checkedInAt: mine.checkedInAt?.getTime() ?? null, checkedOutAt: mine.checkedOutAt?.getTime() ?? null } : null
  return {
    ...toSummary(view, mine, positions, now),
    teamId: a.teamId,
    projectId: a.projectId,
    stationId: a.stationId,
    cancelDeadlineHours: a.cancelDeadlineHours,
    cancelReason: a.cancelReason,
    seriesId: a.seriesId,
    description: a.description,
    stationName: view.stationName,
    latitude: a.latitude,
    longitude: a.longitude,
    geofenceMeters: a.geofenceMeters,
    organiserName: view.organiserName,
    organiserPhone: caller.organiserPhone,
    cancelDeadline: toApiInstant(cancelDeadline(state)),
    mySignup: mine
      ? {
          id: mine.id,
          status: mine.status,
          waitlistPosition: positions.get(mine.id) ?? null,
          checkedInAt: mine.checkedInAt ? toApiInstant(mine.checkedInAt) : null,
          checkedOutAt: mine.checkedOutAt ? toApiInstant(mine.checkedOutAt) : null,
          confirmedHours: mine.confirmedMinutes === null ? null : hoursOf(mine.confirmedMinutes),
        }
      : null,
    actions: activityActions(state, signupState, { isOrganiser: caller.isOrganiser }, now.getTime()),
  }
}

/**
 * A line of the organiser's roster: the volunteer's name as others see it (the caller's own in full), the phone
 * opened, the hours confirming would credit and what the caller may do.
 */
export function toRosterEntry(row: Awaited<ReturnType<typeof repo.roster>>[number], a: repo.ActivityRow, positions: Map<number, number>, principal: Principal, personalData: PersonalDataCipher, now: Date): Roster['entries'][number] {
  const { signup: s, name, birthYear, householdId, phoneCipher } = row
  return {
    signupId: s.id,
    userId: s.userId,
    name: s.personId === principal.personId ? name : nameForOthers({ name, birthYear }, now),
    phone: personalData.openPhone(phoneCipher),
    status: s.status,
    waitlistPosition: positions.get(s.id) ?? null,
    checkedInAt: s.checkedInAt ? toApiInstant(s.checkedInAt) : null,
    checkedOutAt: s.checkedOutAt ? toApiInstant(s.checkedOutAt) : null,
    computedHours: s.checkedInAt && s.checkedOutAt ? hoursOf(serviceMinutes(s.checkedInAt.getTime(), s.checkedOutAt.getTime(), a.startsAt.getTime(), a.endsAt.getTime())) : null,
    confirmedHours: s.confirmedMinutes === null ? null : hoursOf(s.confirmedMinutes),
    confirmedAt: s.confirmedAt ? toApiInstant(s.confirmedAt) : null,
    // Nothing to do on one's own or a family member's line: another staff member confirms it.
    actions: principal.isSelfDealing({ userId: s.userId, personId: s.personId, householdId })
      ? []
      : rosterActions(
          { startsAt: a.startsAt.getTime(), cancelled: a.cancelledAt !== null },
          { status: s.status, checkedInAt: s.checkedInAt?.getTime() ?? null, checkedOutAt: s.checkedOutAt?.getTime() ?? null, confirmed: s.confirmedAt !== null },
          now.getTime(),
        ),
  }
}

export function toMySignup(row: Awaited<ReturnType<typeof repo.signupsOfUser>>[number], positions: Map<number, number>, now: Date): MySignup {
  const s = row.signup
  const { mySignup: _m, ...activity } = toSummary(row, s, positions, now)
  return {
    signupId: s.id,
    status: s.status,
    waitlistPosition: positions.get(s.id) ?? null,
    activity,
    checkedInAt: s.checkedInAt ? toApiInstant(s.checkedInAt) : null,
    checkedOutAt: s.checkedOutAt ? toApiInstant(s.checkedOutAt) : null,
    confirmedHours: s.confirmedMinutes === null ? null : hoursOf(s.confirmedMinutes),
  }
}

export function toRecord(r: certificatesRepo.ServiceRecordRow): ServiceRecord {
  const s = r.signup
  return {
    signupId: s.id,
    activityId: s.activityId,
    activityTitle: r.title,
    organiser: r.organiser,
    date: chinaDate(s.startsAt),
    checkedInAt: s.checkedInAt ? toApiInstant(s.checkedInAt) : null,
    checkedOutAt: s.checkedOutAt ? toApiInstant(s.checkedOutAt) : null,
    hours: hoursOf(s.confirmedMinutes ?? 0),
    confirmedBy: r.confirmedBy,
    confirmedAt: toApiInstant(s.confirmedAt!),
    points: s.pointsAwarded,
  }
}

/** A certificate as listed: everything but the records it covers. */
export function toCertificateItem(c: certificatesRepo.CertificateRow): Omit<Certificate, 'records'> {
  return {
    id: c.id,
    number: c.number,
    verificationCode: c.verificationCode,
    holderName: c.holderName,
    issuer: c.issuer,
    issuedAt: toApiInstant(c.issuedAt),
    totalHours: hoursOf(c.totalMinutes),
    pdfUrl: `/api/volunteer/certificates/${c.id}/pdf`,
  }
}

export function toCertificate(c: certificatesRepo.CertificateRow, records: certificatesRepo.ServiceRecordRow[]): Certificate {
  return { ...toCertificateItem(c), records: records.map(toRecord) }
}

import type { PersonalDataPurpose } from '../../../../types/api/labels'
import type { Queryable } from '../../db/client'
import { personalDataAccess } from '../../db/schema'

/*
 * PIPL: every time a staff member (or an organiser) is answered with someone else's personal data in clear — a
 * phone number, a household's members — one row per person seen goes into `personal_data_access`. The admin reads
 * the log; the person sees it in their data export. A person looking at their own data is not logged.
 */

/**
 * Records that `actorUserId` was shown the personal data of `subjectPersonIds` for `purpose` at `at` (the app's
 * clock, ctx.now(): millisecond instants, which the log's keyset cursor relies on) by `route` (RequestContext's):
 * one multi-row insert, nothing when the list is empty.
 */
export async function recordPersonalDataAccess(
  db: Queryable,
  entry: { actorUserId: number; subjectPersonIds: readonly number[]; purpose: PersonalDataPurpose; at: Date; route: string },
): Promise<number> {
  const subjects = [...new Set(entry.subjectPersonIds)]
  if (!subjects.length) return 0
  await db
    .insert(personalDataAccess)
    .values(subjects.map((subjectPersonId) => ({ actorUserId: entry.actorUserId, subjectPersonId, purpose: entry.purpose, route: entry.route, createdAt: entry.at })))
  return subjects.length
}

import { and, asc, eq, gte, lt, sql } from 'drizzle-orm'
import type { Queryable } from '../../db/client'
import { preparedFor } from '../../db/prepared'
import { activities, rooms, stations } from '../../db/schema'
import { storageKeyOf } from '../uploads/uploads.repository'

const firstStationPhoto = sql<number | null>`${stations.photoIds}[1]`

/* 首页 and 活动预告 run these on every visit: prepared statements (docs/performance.md). */

const stationsOfCommunity = preparedFor((db) =>
  db
    .select({
      id: stations.id,
      name: stations.name,
      kind: stations.kind,
      address: stations.address,
      phone: stations.phone,
      latitude: stations.latitude,
      longitude: stations.longitude,
      weeklyHours: stations.weeklyHours,
      roomCount: sql<number>`count(${rooms.id}) filter (where ${rooms.kind} = 'room' and ${rooms.active})::int`,
      photoId: firstStationPhoto,
      photoKey: storageKeyOf(firstStationPhoto),
    })
    .from(stations)
    .leftJoin(rooms, eq(rooms.stationId, stations.id))
    .where(eq(stations.communityId, sql.placeholder('communityId')))
    .groupBy(stations.id)
    .orderBy(asc(stations.kind), asc(stations.id))
    .prepare('stations_of_community'),
)

export async function listStationsOfCommunity(db: Queryable, communityId: number) {
  return stationsOfCommunity(db).execute({ communityId })
}

export async function findStationCommunity(db: Queryable, stationId: number) {
  const [row] = await db.select({ communityId: stations.communityId }).from(stations).where(eq(stations.id, stationId))
  return row?.communityId ?? null
}

/** Published events of a community starting in [from, to), soonest first. */
const activitiesOfMonth = preparedFor((db) =>
  db
    .select({
      id: activities.id,
      title: activities.title,
      stationId: activities.stationId,
      stationName: stations.name,
      place: activities.place,
      startsAt: activities.startsAt,
      endsAt: activities.endsAt,
      capacity: activities.capacity,
      signedUp: activities.signedUp,
      cancelledAt: activities.cancelledAt,
      skills: activities.skills,
      photoId: activities.photoId,
      photoKey: storageKeyOf(activities.photoId),
    })
    .from(activities)
    .leftJoin(stations, eq(stations.id, activities.stationId))
    .where(
      and(
        eq(activities.communityId, sql.placeholder('communityId')),
        eq(activities.published, true),
        gte(activities.startsAt, sql.placeholder('from')),
        lt(activities.startsAt, sql.placeholder('to')),
        // One station's calendar, or (null) the community's.
        sql`(${sql.placeholder('stationId')}::int is null or ${activities.stationId} = ${sql.placeholder('stationId')})`,
      ),
    )
    .orderBy(asc(activities.startsAt), asc(activities.id))
    .prepare('activities_of_month'),
)

export async function listEvents(db: Queryable, communityId: number, from: Date, to: Date, stationId?: number) {
  return activitiesOfMonth(db).execute({ communityId, from, to, stationId: stationId ?? null })
}

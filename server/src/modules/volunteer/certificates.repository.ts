import { and, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Queryable, Tx } from '../../db/client'
import { activities, activitySignups, certificates, communities, persons, users, volunteerTeams } from '../../db/schema'

/* A volunteer's confirmed service — the records, their total — and the certificates that snapshot them. */

export type CertificateRow = typeof certificates.$inferSelect
export type ServiceRecordRow = Awaited<ReturnType<typeof confirmedRecords>>[number]

/** Confirmed service records of a person, newest first, with who organised and who confirmed. */
export async function confirmedRecords(db: Queryable, userId: number, signupIds?: number[]) {
  const confirmer = alias(users, 'confirmer')
  const confirmerPerson = alias(persons, 'confirmer_person')
  return db
    .select({
      signup: activitySignups,
      title: activities.title,
      organiser: sql<string>`coalesce(${volunteerTeams.name}, ${communities.name})`,
      confirmedBy: sql<string>`coalesce(${confirmerPerson.name}, ${confirmer.displayName})`,
    })
    .from(activitySignups)
    .innerJoin(activities, eq(activities.id, activitySignups.activityId))
    .innerJoin(communities, eq(communities.id, activities.communityId))
    .leftJoin(volunteerTeams, eq(volunteerTeams.id, activities.teamId))
    .innerJoin(confirmer, eq(confirmer.id, activitySignups.confirmedByUserId))
    .leftJoin(confirmerPerson, eq(confirmerPerson.id, confirmer.personId))
    .where(and(eq(activitySignups.userId, userId), isNotNull(activitySignups.confirmedAt), signupIds ? inArray(activitySignups.id, signupIds.length ? signupIds : [0]) : undefined))
    .orderBy(desc(activitySignups.startsAt), desc(activitySignups.id))
}

export async function totalConfirmedMinutes(db: Queryable, userId: number) {
  const [row] = await db
    .select({ minutes: sql<number>`coalesce(sum(${activitySignups.confirmedMinutes}), 0)::int`, count: sql<number>`count(*)::int` })
    .from(activitySignups)
    .where(and(eq(activitySignups.userId, userId), isNotNull(activitySignups.confirmedAt)))
  return row ?? { minutes: 0, count: 0 }
}

export async function insertCertificate(tx: Tx, values: typeof certificates.$inferInsert) {
  const [row] = await tx.insert(certificates).values(values).returning()
  return row!
}

export async function setCertificateNumber(tx: Tx, id: number, number: string) {
  await tx.update(certificates).set({ number }).where(eq(certificates.id, id))
}

export async function findCertificate(db: Queryable, id: number) {
  const [row] = await db.select().from(certificates).where(eq(certificates.id, id))
  return row ?? null
}

export async function findCertificateByCode(db: Queryable, code: string) {
  const [row] = await db.select().from(certificates).where(eq(certificates.verificationCode, code))
  return row ?? null
}

export async function certificatesOfUser(db: Queryable, userId: number) {
  return db.select().from(certificates).where(eq(certificates.userId, userId)).orderBy(desc(certificates.id))
}

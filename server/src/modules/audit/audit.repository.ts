import { and, asc, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm'
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core'
import { selectRows, type Queryable } from '../../db/client'
import { auditLog, communities, personalDataAccess, persons, unitMembers, users } from '../../db/schema'

/** Appends one row to the audit trail (the table takes no UPDATE, DELETE or TRUNCATE). */
export async function insertAuditRow(db: Queryable, row: typeof auditLog.$inferInsert): Promise<void> {
  await db.insert(auditLog).values(row)
}

/* ----------------------------------------------------------------- reading the trail */

/**
 * The trail is read from two tables: audit_log (changes, source 'a') and personal_data_access (reads of
 * personal data, source 'p', whose community is the subject person's). Both page by (time, source, id), newest
 * first; `after` is the last entry of the previous page.
 */
export type TrailSource = 'a' | 'p'
export type TrailAfter = { at: Date; source: TrailSource; id: number }
export type TrailFilter = {
  /** null: the whole district (an admin). */
  communityId: number | null
  actorUserId?: number
  from?: Date
  /** Exclusive. */
  to?: Date
}

const actor = alias(users, 'actor')
const actorPerson = alias(persons, 'actor_person')
const actorMembership = alias(unitMembers, 'actor_membership')
const subject = alias(persons, 'subject')
const actorName = sql<string | null>`coalesce(${actorPerson.name}, ${actorMembership.name}, ${actor.displayName})`

/**
 * The keyset of one source, under the order (time desc, source desc, id desc): the rows of `source` that come
 * after the cursor's entry.
 */
function after(source: TrailSource, cursor: TrailAfter | null, at: AnyPgColumn, id: AnyPgColumn): SQL | undefined {
  if (!cursor) return undefined
  const instant = sql`${cursor.at.toISOString()}::timestamptz`
  if (source === cursor.source) return sql`(${at} < ${instant} or (${at} = ${instant} and ${id} < ${cursor.id}))`
  // At the same instant the 'p' rows come before the 'a' rows.
  return source === 'a' ? sql`${at} <= ${instant}` : sql`${at} < ${instant}`
}

/** Changes (audit_log), newest first; `families` limits the actions to those starting with one of them. */
export async function listChanges(db: Queryable, filter: TrailFilter, families: string[] | null, cursor: TrailAfter | null, limit: number) {
  return db
    .select({
      id: auditLog.id,
      createdAt: auditLog.createdAt,
      actorUserId: auditLog.actorUserId,
      actorName,
      action: auditLog.action,
      communityId: auditLog.communityId,
      communityName: communities.name,
      subjectType: auditLog.subjectType,
      subjectId: auditLog.subjectId,
      detail: auditLog.detail,
    })
    .from(auditLog)
    .leftJoin(actor, eq(actor.id, auditLog.actorUserId))
    .leftJoin(actorPerson, eq(actorPerson.id, actor.personId))
    .leftJoin(actorMembership, eq(actorMembership.userId, actor.id))
    .leftJoin(communities, eq(communities.id, auditLog.communityId))
    .where(
      and(
        filter.communityId !== null ? eq(auditLog.communityId, filter.communityId) : undefined,
        filter.actorUserId !== undefined ? eq(auditLog.actorUserId, filter.actorUserId) : undefined,
        families ? inArray(sql`split_part(${auditLog.action}, '.', 1)`, families) : undefined,
        filter.from ? gte(auditLog.createdAt, filter.from) : undefined,
        filter.to ? lt(auditLog.createdAt, filter.to) : undefined,
        after('a', cursor, auditLog.createdAt, auditLog.id),
      ),
    )
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(limit)
}

/** Reads of personal data (personal_data_access), newest first, in the community of the person seen. */
export async function listReads(db: Queryable, filter: TrailFilter, cursor: TrailAfter | null, limit: number) {
  return db
    .select({
      id: personalDataAccess.id,
      createdAt: personalDataAccess.createdAt,
      actorUserId: personalDataAccess.actorUserId,
      actorName,
      purpose: personalDataAccess.purpose,
      communityId: subject.communityId,
      communityName: communities.name,
      subjectPersonId: personalDataAccess.subjectPersonId,
      subjectName: subject.name,
    })
    .from(personalDataAccess)
    .innerJoin(subject, eq(subject.id, personalDataAccess.subjectPersonId))
    .innerJoin(communities, eq(communities.id, subject.communityId))
    .innerJoin(actor, eq(actor.id, personalDataAccess.actorUserId))
    .leftJoin(actorPerson, eq(actorPerson.id, actor.personId))
    .leftJoin(actorMembership, eq(actorMembership.userId, actor.id))
    .where(
      and(
        filter.communityId !== null ? eq(subject.communityId, filter.communityId) : undefined,
        filter.actorUserId !== undefined ? eq(personalDataAccess.actorUserId, filter.actorUserId) : undefined,
        filter.from ? gte(personalDataAccess.createdAt, filter.from) : undefined,
        filter.to ? lt(personalDataAccess.createdAt, filter.to) : undefined,
        after('p', cursor, personalDataAccess.createdAt, personalDataAccess.id),
      ),
    )
    .orderBy(desc(personalDataAccess.createdAt), desc(personalDataAccess.id))
    .limit(limit)
}

/**
 * Everyone who appears as the actor of the trail of a community (null: the district), by name.
 *
 * The trail holds millions of rows but a few hundred actors, so a table is walked actor by actor where an index
 * leads with the actor (a skip scan: each step seeks the next actor id) instead of a DISTINCT over every row — the
 * district at 2 000 000 rows, 291 ms → 5 ms at p50 (bench/audit.ts). A read belongs to its subject's community: there the
 * community's people are joined to their reads' actors on an index that holds both, without visiting the rows.
 */
export async function listActors(db: Queryable, communityId: number | null) {
  const readers =
    communityId === null
      ? sql`
        with recursive readers(user_id) as (
          (select actor_user_id from ${personalDataAccess} order by actor_user_id limit 1)
          union all
          select (select actor_user_id from ${personalDataAccess} where actor_user_id > r.user_id order by actor_user_id limit 1)
          from readers r where r.user_id is not null
        ) select user_id from readers where user_id is not null`
      : sql`select p.actor_user_id from ${persons} s join ${personalDataAccess} p on p.subject_person_id = s.id where s.community_id = ${communityId}`
  const inCommunity = communityId !== null ? sql`and community_id = ${communityId}` : sql``
  const actorIds = await selectRows<{ user_id: number }>(db, sql`
    with recursive changes(user_id) as (
      (select actor_user_id from ${auditLog} where actor_user_id is not null ${inCommunity} order by actor_user_id limit 1)
      union all
      select (select actor_user_id from ${auditLog} where actor_user_id > c.user_id ${inCommunity} order by actor_user_id limit 1)
      from changes c where c.user_id is not null
    )
    select user_id from changes where user_id is not null
    union
    (${readers})`)
  const ids = actorIds.map((r) => Number(r.user_id))
  if (!ids.length) return []
  return db
    .select({ userId: actor.id, name: actorName })
    .from(actor)
    .leftJoin(actorPerson, eq(actorPerson.id, actor.personId))
    .leftJoin(actorMembership, eq(actorMembership.userId, actor.id))
    .where(inArray(actor.id, ids))
    .orderBy(asc(actorName), asc(actor.id))
}

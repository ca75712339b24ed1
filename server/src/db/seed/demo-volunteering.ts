import { and, asc, eq, inArray } from 'drizzle-orm'
import type { VolunteerSkill } from '../../../../types/api/labels'
import { VOLUNTEER_CONSENT_VERSION } from '../../../../types/api/volunteer'
import { chinaTime } from '../../../../types/time'
import { awardPointsByRule } from '../../modules/points/points.api'
import type { PersonalDataCipher } from '../../modules/privacy/personal-data-cipher'
import type { Tx } from '../client'
import { activities, activitySignups, communities, persons, stations, teamMembers, volunteerProfiles, volunteerProjects, volunteerTeams } from '../schema'

/*
 * The demo's 志愿服务: every volunteer account registered (consent recorded), teams and projects per community,
 * the month's activities with real sign-ups instead of a bare count, and a year of 银发助老 weekly visits by the
 * volunteer persona — confirmed by the staff persona and paid through the points ledger — so 我的志愿 shows
 * 100-odd hours, one star and a certificate to issue.
 */

type Volunteer = { userId: number; personId: number; communityId: number }

const SKILL_SETS: VolunteerSkill[][] = [['elderly_care', 'general'], ['medical'], ['repair', 'digital'], ['environment', 'emergency'], ['culture', 'tutoring'], ['haircut'], ['legal', 'counselling']]
const TEAMS: Record<string, { name: string; description: string }[]> = {
  联通社区: [
    { name: '红心志愿服务队', description: '党员和居民骨干组成，清雪、环境整治、应急值守。' },
    { name: '银发助老服务队', description: '每周探访独居老人，代买代办，陪伴聊天。' },
    { name: '中医义诊服务队', description: '黑河市中医院医护人员进网格义诊。' },
  ],
}
const ACTIVITY_TEAMS: Record<string, { team: string; skills: VolunteerSkill[] }> = {
  黑河市中医院义诊进网格: { team: '中医义诊服务队', skills: ['medical'] },
  冬季清雪志愿服务: { team: '红心志愿服务队', skills: ['environment', 'emergency'] },
  长者智能手机课堂: { team: '银发助老服务队', skills: ['digital', 'elderly_care'] },
  义剪进网格: { team: '红心志愿服务队', skills: ['haircut'] },
}

export async function seedDemoVolunteering(
  tx: Tx,
  opts: { now: Date; personalData: PersonalDataCipher; lianTong: number; staffUserId: number; personas: Volunteer[]; volunteers: Volunteer[] },
) {
  const { now } = opts
  const everyone = [...opts.personas, ...opts.volunteers]
  const people = await tx
    .select({ id: persons.id, name: persons.name, phoneCipher: persons.phoneCipher, phoneHash: persons.phoneHash })
    .from(persons)
    .where(inArray(persons.id, everyone.map((v) => v.personId)))
  const byPerson = new Map(people.map((p) => [p.id, p]))
  const consentedAt = chinaTime(now).subtract(400, 'day').toDate()
  await tx.insert(volunteerProfiles).values(everyone.map((v, i) => ({
    userId: v.userId,
    personId: v.personId,
    communityId: v.communityId,
    realName: byPerson.get(v.personId)!.name,
    // The number the person has on file (already sealed), or a made-up one for volunteers without.
    ...(() => {
      const p = byPerson.get(v.personId)!
      if (p.phoneCipher && p.phoneHash) return { phoneCipher: p.phoneCipher, phoneHash: p.phoneHash }
      const { phoneCipher, phoneHash } = opts.personalData.sealPhone(`1390456${String(1000 + i).slice(-4)}`)
      return { phoneCipher, phoneHash }
    })(),
    skills: SKILL_SETS[i % SKILL_SETS.length]!,
    availability: i % 3 === 0 ? ['weekend'] : ['weekday_evening', 'weekend'],
    consentVersion: VOLUNTEER_CONSENT_VERSION,
    consentedAt,
    createdAt: consentedAt,
    updatedAt: consentedAt,
  })))

  // Teams: the named ones of 联通社区, one per other community; members spread over them.
  const communityRows = await tx.select({ id: communities.id, name: communities.name }).from(communities).orderBy(asc(communities.id))
  const teamIds = new Map<string, number>()
  for (const c of communityRows) {
    for (const team of TEAMS[c.name] ?? [{ name: `${c.name}志愿服务队`, description: '社区居民志愿者队伍。' }]) {
      const [row] = await tx.insert(volunteerTeams).values({ communityId: c.id, name: team.name, description: team.description, createdAt: consentedAt }).returning({ id: volunteerTeams.id })
      teamIds.set(`${c.id}/${team.name}`, row!.id)
    }
  }
  const teamsOf = (communityId: number) => [...teamIds].filter(([key]) => key.startsWith(`${communityId}/`)).map(([, id]) => id)
  await tx.insert(teamMembers).values(everyone.map((v, i) => {
    const teams = teamsOf(v.communityId)
    return { teamId: teams[i % teams.length]!, userId: v.userId, communityId: v.communityId, joinedAt: consentedAt }
  }))
  const [elderCare] = await tx
    .insert(volunteerProjects)
    .values({ communityId: opts.lianTong, teamId: teamIds.get(`${opts.lianTong}/银发助老服务队`)!, name: '邻里守望·银发助老', description: '独居、空巢老人每周探访，代买药品和生活用品。', createdAt: consentedAt })
    .returning({ id: volunteerProjects.id })

  // The seeded events become volunteer activities: a team, skills, a place on the map, the staff organiser, and
  // real sign-ups (the volunteers of that community, never the personas: the demo's own sign-ups are theirs to make).
  const events = await tx
    .select({ a: activities, lat: stations.latitude, lng: stations.longitude })
    .from(activities)
    .leftJoin(stations, eq(stations.id, activities.stationId))
    .orderBy(asc(activities.id))
  for (const { a, lat, lng } of events) {
    const spec = a.communityId === opts.lianTong ? ACTIVITY_TEAMS[a.title] : undefined
    const teamId = spec ? teamIds.get(`${a.communityId}/${spec.team}`)! : teamsOf(a.communityId)[0]!
    const pool = opts.volunteers.filter((v) => v.communityId === a.communityId)
    const takers = pool.slice(0, Math.min(a.signedUp, pool.length, a.capacity))
    await tx.update(activities).set({
      teamId,
      skills: spec?.skills ?? ['general'],
      organiserUserId: a.communityId === opts.lianTong ? opts.staffUserId : null,
      latitude: lat,
      longitude: lng,
      signedUp: takers.length,
    }).where(eq(activities.id, a.id))
    if (takers.length) {
      await tx.insert(activitySignups).values(takers.map((v) => ({ activityId: a.id, communityId: a.communityId, userId: v.userId, personId: v.personId, status: 'accepted' as const, startsAt: a.startsAt, endsAt: a.endsAt, createdAt: chinaTime(a.startsAt).subtract(5, 'day').toDate() })))
    }
  }

  // A year of Saturday-morning visits by the volunteer persona, each confirmed and paid.
  const li = opts.personas[0]!
  const firstSaturday = chinaTime(now).startOf('day').subtract(52 * 7, 'day')
  const saturday = firstSaturday.add((6 - firstSaturday.day() + 7) % 7, 'day')
  for (let week = 0; week < 52; week++) {
    const start = saturday.add(week * 7, 'day').hour(9).minute(0)
    if (!start.add(2, 'hour').isBefore(now)) break
    const [activity] = await tx
      .insert(activities)
      .values({
        communityId: opts.lianTong,
        teamId: teamIds.get(`${opts.lianTong}/银发助老服务队`)!,
        projectId: elderCare!.id,
        organiserUserId: opts.staffUserId,
        title: '银发助老·周六探访',
        description: '两人一组探访独居老人，测血压、代买药品、陪伴聊天。',
        place: '联通小区、电业小区独居老人家中',
        startsAt: start.toDate(),
        endsAt: start.add(2, 'hour').toDate(),
        capacity: 10,
        signedUp: 1,
        skills: ['elderly_care'],
        published: true,
        createdAt: start.subtract(7, 'day').toDate(),
      })
      .returning()
    const [signup] = await tx
      .insert(activitySignups)
      .values({
        activityId: activity!.id,
        communityId: opts.lianTong,
        userId: li.userId,
        personId: li.personId,
        status: 'accepted',
        startsAt: activity!.startsAt,
        endsAt: activity!.endsAt,
        checkedInAt: start.subtract(10, 'minute').toDate(),
        checkedOutAt: start.add(2, 'hour').add(5, 'minute').toDate(),
        checkedOutBy: 'volunteer',
        createdAt: start.subtract(6, 'day').toDate(),
      })
      .returning()
    const confirmedAt = start.add(3, 'hour').toDate()
    const award = await awardPointsByRule(tx, { communityId: opts.lianTong, personId: li.personId, rule: 'volunteer_hour', sourceType: 'activity_signup', sourceId: signup!.id, title: '志愿服务：银发助老·周六探访', quantity: 2, actorUserId: opts.staffUserId, now: confirmedAt })
    await tx
      .update(activitySignups)
      .set({ confirmedMinutes: 120, confirmedByUserId: opts.staffUserId, confirmedAt, pointsAwarded: award.amount })
      .where(and(eq(activitySignups.id, signup!.id)))
  }
}

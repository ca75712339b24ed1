import { chinaTime } from '../../../../types/time'
import type { PersonalDataCipher } from '../../modules/privacy/personal-data-cipher'
import type { Tx } from '../client'
import { partyReports, unitMembers, units } from '../schema'

/*
 * The demo's 双报到: the 驻区单位 the district set up, each approved, with contacts; 黑河市中医院 with the unit persona
 * as its admin and two colleagues who joined; the party-member persona's report in force; and, for staff to decide,
 * one resident's report and one school's registration waiting in 联通社区.
 */

type Account = { userId: number; personId: number }

export async function seedDemoDualReporting(
  tx: Tx,
  opts: {
    now: Date
    personalData: PersonalDataCipher
    lianTong: number
    unitCommunities: { name: string; communityId: number; contactName: string; phone: string }[]
    unitAdminUserId: number
    partyMember: Account
    /** Volunteer accounts of 联通社区 who are not party members: colleagues of the hospital, and one who reports. */
    lianTongVolunteers: (Account & { name: string })[]
    staffUserId: number
  },
) {
  const { now } = opts
  const day = (n: number) => chinaTime(now).subtract(n, 'day').toDate()
  const contact = (phone: string) => {
    const s = opts.personalData.sealPhone(phone)
    return { contactPhoneCipher: s.phoneCipher, contactPhoneHash: s.phoneHash, contactPhoneTail: s.phoneTail }
  }
  const unitRows = await tx
    .insert(units)
    .values(
      opts.unitCommunities.map((u) => ({
        communityId: u.communityId,
        name: u.name,
        contactName: u.contactName,
        ...contact(u.phone),
        status: 'approved' as const,
        decidedByUserId: opts.staffUserId,
        decidedAt: day(120),
        createdAt: day(121),
      })),
    )
    .returning({ id: units.id })
  const hospital = unitRows[0]!.id
  const [colleagueA, colleagueB, reporter, registrant] = opts.lianTongVolunteers
  await tx.insert(unitMembers).values([
    { unitId: hospital, userId: opts.unitAdminUserId, name: opts.unitCommunities[0]!.contactName, role: 'admin', joinedAt: day(120) },
    ...[colleagueA, colleagueB].filter((a) => a !== undefined).map((a) => ({ unitId: hospital, userId: a.userId, name: a.name, role: 'member' as const, joinedAt: day(90) })),
  ])

  await tx.insert(partyReports).values([
    {
      userId: opts.partyMember.userId,
      personId: opts.partyMember.personId,
      communityId: opts.lianTong,
      workplace: '爱辉区人民法院',
      partyOrganisation: '爱辉区人民法院机关第二党支部',
      status: 'approved',
      decidedByUserId: opts.staffUserId,
      decidedAt: day(60),
      createdAt: day(62),
    },
    ...(reporter
      ? [{ userId: reporter.userId, personId: reporter.personId, communityId: opts.lianTong, workplace: '黑河市第一中学', partyOrganisation: '黑河市第一中学党总支第一支部', createdAt: day(1) }]
      : []),
  ])
  if (registrant) {
    await tx.insert(units).values({ communityId: opts.lianTong, name: '黑河学院后勤服务中心', contactName: '孙志强', ...contact('13945671234'), registeredByUserId: registrant.userId, createdAt: day(2) })
  }
  return { hospital: { unitId: hospital, memberUserId: colleagueA?.userId ?? opts.unitAdminUserId } }
}

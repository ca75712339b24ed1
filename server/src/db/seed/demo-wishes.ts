import { eq } from 'drizzle-orm'
import type { ContactPreference, WishCategory } from '../../../../types/api/labels'
import { chinaDate, DAY_MS, HOUR_MS } from '../../../../types/time'
import type { Tx } from '../client'
import { awardPointsByRule } from '../../modules/points/points.api'
import { wishClaims, wishes, wishEvents } from '../schema'

/*
 * The demo's 微心愿, in the spirit of the seeds ("兑现群众微心愿2600余个"): open wishes waiting in every community,
 * a review queue for the staff persona, a claim held by the volunteer persona, and a wall of fulfilled wishes
 * from the past months whose confirmations paid their claimers through the points ledger.
 */

type Seed = { category: WishCategory; title: string; description: string; valueYuan: number; contact: ContactPreference }

const OPEN: Seed[] = [
  { category: 'health', title: '想要一台助听器', description: '老伴耳朵越来越背，看电视要开很大声，想请好心人帮忙配一台助听器。', valueYuan: 280, contact: 'phone' },
  { category: 'education', title: '孙子需要一套初二数学辅导书', description: '孩子父母在外地打工，孙子数学跟不上，想要一套初二数学同步辅导书。', valueYuan: 120, contact: 'phone' },
  { category: 'appliance_repair', title: '厨房水龙头漏水', description: '厨房水龙头一直滴水，自己腿脚不方便，想请懂维修的志愿者上门看看。', valueYuan: 0, contact: 'visit' },
  { category: 'companionship', title: '希望有人陪我聊聊天', description: '子女都在南方，一个人在家闷得慌，希望每周有人来陪我说说话、下下象棋。', valueYuan: 0, contact: 'via_staff' },
  { category: 'daily_goods', title: '冬天需要一件厚棉衣', description: '去年的棉衣已经破了，黑河冬天太冷，想要一件厚实的棉衣，身高一米六。', valueYuan: 150, contact: 'phone' },
  { category: 'elderly_care', title: '代买降压药', description: '每月要去医院开降压药，下雪天路滑不敢出门，想请志愿者帮忙代买。', valueYuan: 60, contact: 'phone' },
  { category: 'daily_goods', title: '想要一个电暖器', description: '家里暖气不太热，晚上睡觉冷，想要一个小电暖器。', valueYuan: 200, contact: 'visit' },
]

const PENDING: Seed[] = [
  { category: 'education', title: '想学用智能手机', description: '想学会用手机视频通话和挂号，希望有年轻人能教教我。', valueYuan: 0, contact: 'via_staff' },
  { category: 'appliance_repair', title: '洗衣机不转了', description: '洗衣机通电后不转，想请人帮忙看看还能不能修。', valueYuan: 50, contact: 'phone' },
]

const HELD: Seed = { category: 'elderly_care', title: '帮忙取一下快递', description: '快递放在驿站，太重了拿不动，想请志愿者帮忙送上楼。', valueYuan: 0, contact: 'phone' }

const FULFILLED: (Seed & { thanks: string })[] = [
  { category: 'daily_goods', title: '需要一袋大米', description: '家里米快吃完了，想要一袋大米。', valueYuan: 60, contact: 'phone', thanks: '大米收到了，谢谢志愿者冒雪送来！' },
  { category: 'appliance_repair', title: '电视机没有信号', description: '电视机突然没有信号，想请人帮忙调一下。', valueYuan: 0, contact: 'visit', thanks: '小伙子很耐心，电视又能看了。' },
  { category: 'health', title: '想要一个血压计', description: '需要每天量血压，想要一个电子血压计。', valueYuan: 150, contact: 'phone', thanks: '血压计很好用，还教会了我怎么用，感谢！' },
  { category: 'education', title: '孩子想要一个书包', description: '孩子的书包坏了，想要一个新书包。', valueYuan: 80, contact: 'phone', thanks: '孩子背着新书包可高兴了，谢谢党员同志！' },
  { category: 'companionship', title: '想有人陪我去公园走走', description: '腿脚不好，想有人扶我去公园晒晒太阳。', valueYuan: 0, contact: 'via_staff', thanks: '好久没出门了，谢谢你们陪我。' },
  { category: 'elderly_care', title: '帮忙换一个灯泡', description: '卫生间的灯泡坏了，够不着。', valueYuan: 10, contact: 'visit', thanks: '灯亮了，心里也亮堂了。' },
]

export type DemoWishPeople = {
  now: Date
  /** Residents with a household, per community (person ids). */
  residentsByCommunity: Map<number, number[]>
  /** Volunteer accounts with their person and community. */
  volunteers: { userId: number; personId: number; communityId: number }[]
  resident: { personId: number; userId: number; communityId: number }
  volunteer: { personId: number; userId: number }
  staffUserId: number
  /** 双报到 in 联通社区: some of its fulfilled wishes were the party persona's, some 黑河市中医院's (claimed as the unit). */
  dualReporting: { communityId: number; partyMember: { personId: number; userId: number }; unit: { unitId: number; memberUserId: number } }
}

export async function seedDemoWishes(tx: Tx, p: DemoWishPeople) {
  /** An instant in the past: days and hours before now. */
  const at = (daysAgo: number, hoursAgo = 2) => new Date(p.now.getTime() - daysAgo * DAY_MS - hoursAgo * HOUR_MS)
  const event = (wishId: number, communityId: number, kind: typeof wishEvents.$inferInsert.kind, createdAt: Date, actorUserId: number | null, note: string | null = null) =>
    tx.insert(wishEvents).values({ wishId, communityId, kind, createdAt, actorUserId, note })

  /** A wish to post: by whom, when, and whether it waits for review or is open. */
  type Posting = { s: Seed; communityId: number; wisherPersonId: number; postedByUserId: number; postedAt: Date; status: 'pending' | 'open'; neededBy?: string | null }
  /** Posts wishes in one statement (ids in the order given) with their posted/approved events in another. */
  const postAll = async (postings: Posting[]) => {
    if (!postings.length) return []
    const rows = await tx
      .insert(wishes)
      .values(
        postings.map(({ s, communityId, wisherPersonId, postedByUserId, postedAt, status, neededBy }) => ({
          communityId,
          wisherPersonId,
          postedByUserId,
          category: s.category,
          title: s.title,
          description: s.description,
          valueYuan: s.valueYuan,
          contactPreference: s.contact,
          neededBy: neededBy ?? null,
          status,
          textModeration: 'pass' as const,
          openedAt: status === 'open' ? new Date(postedAt.getTime() + HOUR_MS) : null,
          reviewedByUserId: status === 'open' ? p.staffUserId : null,
          createdAt: postedAt,
          updatedAt: postedAt,
        })),
      )
      .returning()
    await tx.insert(wishEvents).values(
      postings.flatMap(({ communityId, postedByUserId, postedAt, status }, i) => [
        { wishId: rows[i]!.id, communityId, kind: 'posted' as const, createdAt: postedAt, actorUserId: postedByUserId, note: null },
        ...(status === 'open' ? [{ wishId: rows[i]!.id, communityId, kind: 'approved' as const, createdAt: new Date(postedAt.getTime() + HOUR_MS), actorUserId: p.staffUserId, note: null }] : []),
      ]),
    )
    return rows
  }
  const post = async (posting: Posting) => (await postAll([posting]))[0]!

  const day = (daysAhead: number) => chinaDate(p.now.getTime() + daysAhead * DAY_MS)

  // Each community's wishes go in a few statements (the first `npm start` seeds the demo: docs/performance.md).
  for (const [communityId, residents] of p.residentsByCommunity) {
    const wishers = residents.filter((_, i) => i % 5 === 1)
    // Open wishes of every community, some with a day they are needed by.
    await postAll(OPEN.map((s, i) => ({ s, communityId, wisherPersonId: wishers[i % wishers.length]!, postedByUserId: p.staffUserId, postedAt: at(i + 1), status: 'open', neededBy: i % 2 === 0 ? day(10 + i * 3) : null })))
    // The wall: fulfilled and confirmed over the past months, paid through the ledger.
    const claimers = p.volunteers.filter((v) => v.communityId === communityId)
    if (!claimers.length) continue
    const wall: { s: (typeof FULFILLED)[number]; wisher: number; claimer: { userId: number; personId: number }; asUnit: boolean; postedAt: Date }[] = []
    for (let n = 0; n < 24; n++) {
      const s = FULFILLED[n % FULFILLED.length]!
      const wisher = wishers[(n + 3) % wishers.length]!
      const dual = p.dualReporting.communityId === communityId ? p.dualReporting : null
      const asUnit = dual !== null && n % 6 === 2
      const claimer = dual && n % 6 === 4 ? dual.partyMember : claimers[n % claimers.length]!
      if (claimer.personId === wisher) continue
      wall.push({ s, wisher, claimer, asUnit, postedAt: at(8 + n * 9) })
    }
    const posted = await postAll(wall.map((f) => ({ s: f.s, communityId, wisherPersonId: f.wisher, postedByUserId: p.staffUserId, postedAt: f.postedAt, status: 'open' })))
    const moments = wall.map((f) => {
      const claimedAt = new Date(f.postedAt.getTime() + DAY_MS)
      const fulfilledAt = new Date(claimedAt.getTime() + 2 * DAY_MS)
      return { claimedAt, fulfilledAt, confirmedAt: new Date(fulfilledAt.getTime() + DAY_MS) }
    })
    const unit = p.dualReporting.unit
    // A unit's claim is the unit's: no household earns points for it.
    const claimerUserId = (f: (typeof wall)[number]) => (f.asUnit ? unit.memberUserId : f.claimer.userId)
    const claims = await tx
      .insert(wishClaims)
      .values(
        wall.map((f, i) => ({
          wishId: posted[i]!.id,
          communityId,
          claimerUserId: claimerUserId(f),
          claimerPersonId: f.asUnit ? null : f.claimer.personId,
          claimerUnitId: f.asUnit ? unit.unitId : null,
          status: 'confirmed' as const,
          claimedAt: moments[i]!.claimedAt,
          deadline: new Date(moments[i]!.claimedAt.getTime() + 7 * DAY_MS),
          fulfilledAt: moments[i]!.fulfilledAt,
          fulfilNote: '已送到并当面交给居民',
          thanks: f.s.thanks,
          rating: 5,
          confirmedByUserId: p.staffUserId,
          confirmedByStaff: true,
        })),
      )
      .returning()
    for (const [i, w] of posted.entries()) {
      const { fulfilledAt, confirmedAt } = moments[i]!
      await tx.update(wishes).set({ status: 'confirmed', currentClaimId: claims[i]!.id, fulfilledAt, confirmedAt, updatedAt: confirmedAt }).where(eq(wishes.id, w.id))
    }
    await tx.insert(wishEvents).values(
      wall.flatMap((f, i) => [
        { wishId: posted[i]!.id, communityId, kind: 'claimed' as const, createdAt: moments[i]!.claimedAt, actorUserId: claimerUserId(f), note: null },
        { wishId: posted[i]!.id, communityId, kind: 'fulfilled' as const, createdAt: moments[i]!.fulfilledAt, actorUserId: claimerUserId(f), note: '已送到并当面交给居民' },
        { wishId: posted[i]!.id, communityId, kind: 'confirmed' as const, createdAt: moments[i]!.confirmedAt, actorUserId: p.staffUserId, note: f.s.thanks },
      ]),
    )
    for (const [i, f] of wall.entries()) {
      if (f.asUnit) continue
      await awardPointsByRule(tx, { communityId, personId: f.claimer.personId, rule: 'wish_fulfilled', sourceType: 'wish', sourceId: posted[i]!.id, title: `帮助兑现微心愿：${f.s.title}`, actorUserId: p.staffUserId, now: moments[i]!.confirmedAt })
    }
  }

  // The resident persona: one wish waiting for review, one open; the staff persona has the queue.
  const { resident } = p
  const own = (s: Seed, postedAt: Date, status: Posting['status'], neededBy: string | null = null): Posting => ({ s, communityId: resident.communityId, wisherPersonId: resident.personId, postedByUserId: resident.userId, postedAt, status, neededBy })
  await post(own({ category: 'appliance_repair', title: '电视机没有信号，想请人帮忙看看', description: '家里的电视机从昨天开始没有信号，老伴想看新闻，想请懂行的志愿者帮忙调一调。', valueYuan: 0, contact: 'phone' }, at(0, 3), 'pending'))
  await post(own({ category: 'elderly_care', title: '想请人帮忙清理阳台杂物', description: '阳台堆了很多旧纸箱和杂物，搬不动，想请志愿者帮忙清理一下。', valueYuan: 0, contact: 'visit' }, at(2), 'open', day(14)))
  const queue = p.residentsByCommunity.get(resident.communityId)!.filter((_, i) => i % 7 === 2)
  await postAll(PENDING.map((s, i) => ({ s, communityId: resident.communityId, wisherPersonId: queue[i]!, postedByUserId: p.staffUserId, postedAt: at(0, 1 + i), status: 'pending' })))

  // The volunteer persona holds a claim, due in five days.
  const held = await post({ s: HELD, communityId: resident.communityId, wisherPersonId: queue[2]!, postedByUserId: p.staffUserId, postedAt: at(3), status: 'open' })
  const claimedAt = at(2)
  const [claim] = await tx
    .insert(wishClaims)
    .values({ wishId: held.id, communityId: resident.communityId, claimerUserId: p.volunteer.userId, claimerPersonId: p.volunteer.personId, claimedAt, deadline: new Date(claimedAt.getTime() + 7 * DAY_MS) })
    .returning()
  await tx.update(wishes).set({ status: 'claimed', currentClaimId: claim!.id, updatedAt: claimedAt }).where(eq(wishes.id, held.id))
  await event(held.id, resident.communityId, 'claimed', claimedAt, p.volunteer.userId)
}

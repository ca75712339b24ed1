import type { Me } from '../../../../types/api/me'
import type { DemoPersona, DemoPersonaSummary } from '../../../../types/api/auth'
import type { AppContext } from '../../context'
import { AppError } from '../../http/app-error'
import type { Principal } from '../../http/principal'
import { maskPhone } from '../org/org.domain'
import { addressOf, householdMemberCount } from '../people/people.api'
import * as repo from './auth.repository'

/** 小程序登录: code from `wx.login` → WeChat's jscode2session → our account (created on first login). */
export async function loginWithWechat(ctx: AppContext, code: string): Promise<{ userId: number }> {
  const session = await ctx.wechat.code2Session(code)
  const existing = await repo.findUserByOpenid(ctx.db, session.openid)
  if (existing) {
    await repo.touchLastLogin(ctx.db, existing.id, ctx.now())
    return { userId: existing.id }
  }
  const created = await repo.insertWechatUser(ctx.db, { ...session, now: ctx.now() })
  return { userId: created.id }
}

const PERSONA_DESCRIPTIONS: Record<DemoPersona, string> = {
  resident: '居民：发布微心愿、预约场地、查看家庭积分',
  volunteer: '志愿者：认领心愿、报名活动、累计服务时长',
  party_member: '党员志愿者：认领微心愿、参与主题党日',
  unit: '驻区单位：组织单位认领心愿、开展共建',
  staff: '社区工作者：审核心愿、审批预约、组织活动',
  admin: '区级管理员：管理社区、阵地和积分超市',
}

export async function listDemoPersonas(ctx: AppContext): Promise<DemoPersonaSummary[]> {
  const rows = await repo.listDemoUsers(ctx.db)
  const byPersona = new Map(rows.map((r) => [r.persona, r.name]))
  return (Object.keys(PERSONA_DESCRIPTIONS) as DemoPersona[])
    .filter((p) => byPersona.has(p))
    .map((persona) => ({ persona, name: byPersona.get(persona)!, description: PERSONA_DESCRIPTIONS[persona] }))
}

export async function loginAsDemoPersona(ctx: AppContext, persona: DemoPersona): Promise<{ userId: number }> {
  const user = await repo.findDemoUser(ctx.db, persona)
  if (!user) throw new AppError('PERSONA_NOT_FOUND')
  await repo.touchLastLogin(ctx.db, user.id, ctx.now())
  return { userId: user.id }
}

export async function getMe(ctx: AppContext, principal: Pick<Principal, 'userId' | 'communityId' | 'isAdmin' | 'roles' | 'staffGrantCommunityIds'>): Promise<Me> {
  const profile = await repo.loadProfile(ctx.db, principal.userId, principal.communityId)
  if (!profile) throw new AppError('UNAUTHENTICATED')
  const community =
    profile.communityId !== null
      ? { id: profile.communityId, name: profile.communityName!, subdistrictName: profile.subdistrictName!, districtName: profile.districtName! }
      : null
  const [address, memberCount] = profile.householdId ? await Promise.all([addressOf(ctx.db, profile.householdId), householdMemberCount(ctx.db, profile.householdId)]) : [null, 0]
  const household = address ? { id: address.householdId, address: address.text, gridName: address.gridName, memberCount } : null
  const staffCommunityIds = principal.isAdmin
    ? (await repo.listCommunityRefs(ctx.db)).map((c) => c.id)
    : principal.staffGrantCommunityIds
  return {
    id: profile.userId,
    name: profile.personName ?? profile.unitName ?? profile.displayName,
    phoneMasked: maskPhone(ctx.personalData.openPhone(profile.phoneCipher)),
    roles: [...principal.roles].sort(),
    community,
    household,
    unit: profile.unitId !== null ? { id: profile.unitId, name: profile.unitName!, role: profile.unitRole! } : null,
    staffCommunityIds,
  }
}

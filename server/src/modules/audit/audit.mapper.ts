import { DAY_KIND_LABELS, PERSONAL_DATA_PURPOSE_LABELS, POINTS_RULE_LABELS, WISH_CATEGORY_LABELS, type PersonalDataPurpose, type PointsRule } from '../../../../types/api/labels'
import { AUDIT_KINDS, EXPORT_KIND_LABELS, type AuditKind, type ExportKind } from '../../../../types/api/labels'
import type { AuditEntry } from '../../../../types/api/reports'
import type { WishCategoryValue } from '../../../../types/api/wishes'
import { maskName } from '../../../../types/names'
import { chinaDayStart, chinaTime, toApiInstant } from '../../../../types/time'
import type { AuditAction } from './audit.service'

/*
 * How a row of the audit trail reads on the page: the action in Chinese, its kind (the page's filter), and one
 * line built from the row's detail. Details never hold a phone number; names of residents are masked here.
 */

export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  'residency.approve': '通过住户认证',
  'residency.reject': '驳回住户认证',
  'household.join': '加入家庭',
  'household.leave': '退出家庭',
  'household.remove_member': '移出家庭成员',
  'staff.invite': '邀请工作人员',
  'staff.grant': '成为工作人员',
  'staff.revoke': '撤销工作人员',
  'ledger.import': '导入住户台账',
  'org.change': '调整组织架构',
  'calendar.set_day': '设置节假日或调休',
  'calendar.remove_day': '删除节假日设置',
  'party.approve': '确认党员报到',
  'party.reject': '驳回党员报到',
  'party.revoke': '撤销党员报到',
  'unit.approve': '通过驻区单位报到',
  'unit.reject': '驳回驻区单位报到',
  'unit.join': '加入驻区单位',
  'unit.remove_member': '移出驻区单位成员',
  'wish.approve': '通过心愿审核',
  'wish.reject': '驳回心愿',
  'wish.confirm_for_wisher': '代居民确认心愿完成',
  'wish.post_for_resident': '代居民发布心愿',
  'wish.settings': '修改心愿规则',
  'booking.approve': '通过预约',
  'booking.reject': '拒绝预约',
  'booking.check_in': '为预约人签到',
  'booking.cancel': '取消预约',
  'station.create': '新建阵地',
  'station.update': '修改阵地',
  'station.room_create': '新建场地或工具',
  'station.room_update': '修改场地或工具',
  'station.closure_add': '临时关闭场地',
  'station.closure_remove': '取消临时关闭',
  'activity.publish': '发布志愿活动',
  'activity.update': '修改志愿活动',
  'activity.cancel': '取消志愿活动',
  'activity.team_create': '新建志愿服务队',
  'activity.project_create': '新建志愿服务项目',
  'attendance.check_in': '代志愿者签到',
  'attendance.check_out': '代志愿者签退',
  'attendance.confirm': '确认服务时长',
  'attendance.no_show': '记为未到场',
  'points.award': '奖励积分',
  'points.deduct': '扣减积分',
  'points.request': '申请积分调整',
  'points.approve': '批准积分调整',
  'points.reject': '驳回积分调整',
  'points.rule_award': '按规则记分',
  'points.settings': '修改积分规则',
  'shop.item_create': '上架兑换物品',
  'shop.item_update': '修改兑换物品',
  'shop.stock_change': '调整库存',
  'redemption.hand_out': '兑换核销发放',
  'export.masked': '导出台账',
  'export.full': '导出完整台账',
}

/**
 * Families of actions filed under another kind on the page (signing volunteers in is part of 志愿活动; the holiday
 * calendar sets every station's opening days, so it is 阵地管理).
 */
const FAMILY_KIND: Record<string, AuditKind> = { attendance: 'activity', redemption: 'shop', calendar: 'station' }

export function kindOfAction(action: string): AuditKind {
  const family = action.split('.')[0]!
  return FAMILY_KIND[family] ?? ((AUDIT_KINDS as readonly string[]).includes(family) ? (family as AuditKind) : 'staff')
}

/** The action families (the part before the dot) a kind filter selects. */
export function familiesOfKind(kind: AuditKind): string[] {
  return [kind, ...Object.entries(FAMILY_KIND).filter(([, k]) => k === kind).map(([family]) => family)]
}

const FIELD_LABELS: Record<string, string> = {
  name: '名称', address: '地址', phone: '电话', weeklyHours: '开放时间', photoIds: '照片', photoId: '照片', latitude: '位置', longitude: '位置',
  kind: '类型', category: '类别', capacity: '容纳人数', facilities: '设施', description: '说明', active: '启用状态', title: '标题', place: '地点',
  startsAt: '开始时间', endsAt: '结束时间', skills: '所需技能', teamId: '服务队', projectId: '项目', stationId: '所属阵地', geofenceMeters: '签到范围',
  cancelDeadlineHours: '取消期限', price: '所需积分', stock: '库存', monthlyLimit: '每月限兑', maxValueYuan: '心愿价值上限', claimLimit: '认领上限',
  claimDays: '认领期限', rules: '积分规则', yearlyExpiry: '年度清零', pickupDays: '领取期限', adjustmentApprovalThreshold: '审批门槛', unitNo: '单元',
}

/** 开放时间、电话 — the fields a change touched, each once (rules.* are the booking rules). */
function fieldList(fields: unknown): string {
  const names = Array.isArray(fields) ? fields.map(String) : fields && typeof fields === 'object' ? Object.keys(fields) : []
  const labels = names.map((f) => (f.startsWith('rules.') ? '预约规则' : FIELD_LABELS[f] ?? f))
  return [...new Set(labels)].join('、')
}

const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '')
const num = (v: unknown) => (typeof v === 'number' ? v : 0)
const quoted = (v: unknown) => (str(v) ? `「${str(v)}」` : '')
const reasonOf = (d: Record<string, unknown>) => (str(d.reason) ? `原因：${str(d.reason)}` : '')
const minute = (iso: unknown) => (str(iso) ? chinaTime(str(iso)).format('M月D日 HH:mm') : '')
const calendarDay = (day: unknown) => (str(day) ? chinaDayStart(str(day)).format('YYYY年M月D日') : '')
const signed = (n: number) => (n > 0 ? `+${n}` : String(n))
const hours = (minutes: number) => `${Math.round((minutes / 60) * 10) / 10}小时`
const join = (...parts: string[]) => parts.filter(Boolean).join('，')

/** One line on what a change did, from its detail. */
export function summarise(action: string, d: Record<string, unknown>): string {
  const changed = d.fields !== undefined ? (fieldList(d.fields) ? `修改了${fieldList(d.fields)}` : '') : ''
  switch (action) {
    case 'residency.approve':
      return d.boundExisting ? '认证通过，绑定台账中的住户' : '认证通过'
    case 'ledger.import':
      return `导入${num(d.rows)}行`
    case 'staff.invite':
      return str(d.note) ? `备注：${str(d.note)}` : ''
    case 'org.change':
      return d.created !== undefined ? `新建${typeof d.created === 'string' ? `：${d.created}` : ''}` : str(d.name) ? `名称改为：${str(d.name)}` : `修改了${fieldList(d)}`
    case 'calendar.set_day':
    case 'calendar.remove_day': {
      const what = join(calendarDay(d.day), d.kind === 'workday' ? DAY_KIND_LABELS.makeup_workday : DAY_KIND_LABELS.holiday, quoted(d.name))
      return action === 'calendar.remove_day' && str(d.restored) ? join(what, `恢复国务院安排：${str(d.restored)}`) : what
    }
    case 'wish.approve':
      return join(quoted(d.title), d.categoryFrom ? `类别：${WISH_CATEGORY_LABELS[d.categoryFrom as WishCategoryValue] ?? ''} → ${WISH_CATEGORY_LABELS[d.categoryTo as WishCategoryValue] ?? ''}` : '')
    case 'wish.confirm_for_wisher':
      return join(quoted(d.title), d.rating ? `评价${num(d.rating)}星` : '')
    case 'wish.settings':
    case 'points.settings':
      return `修改了${fieldList(d)}`
    case 'booking.approve':
    case 'booking.reject':
    case 'booking.check_in':
    case 'booking.cancel':
      return join(`${str(d.station)}${str(d.room)} ${minute(d.startsAt)}`.trim(), reasonOf(d))
    case 'station.closure_add':
      return join(str(d.name), `${minute(d.startsAt)} 至 ${minute(d.endsAt)}`, reasonOf(d), num(d.cancelledBookings) ? `取消预约${num(d.cancelledBookings)}个` : '')
    case 'station.closure_remove':
      return join(`${minute(d.startsAt)} 至 ${minute(d.endsAt)}`, reasonOf(d))
    case 'activity.publish':
      return join(quoted(d.title), minute(d.startsAt), num(d.weeks) > 1 ? `每周一次，共${num(d.weeks)}次` : '')
    case 'activity.cancel':
      return join(quoted(d.title), reasonOf(d), num(d.signupsEnded) ? `取消报名${num(d.signupsEnded)}人` : '')
    case 'attendance.confirm':
      return join(quoted(d.title), `服务时长${hours(num(d.minutes))}`, num(d.points) ? `积分+${num(d.points)}` : '', d.computedMinutes !== undefined ? `按记录为${hours(num(d.computedMinutes))}，${reasonOf(d)}` : '')
    case 'attendance.check_in':
    case 'attendance.check_out':
      return join(quoted(d.title), d.batch ? `批量${num(d.done)}人` : '')
    case 'points.award':
    case 'points.deduct':
      return join(`${signed(num(d.amount))}分`, reasonOf(d))
    case 'points.request':
      return join(`${signed(num(d.amount))}分（待审批）`, reasonOf(d))
    case 'points.approve':
      return join(`${signed(num(d.amount))}分`, reasonOf(d))
    case 'points.reject':
      return join(`${signed(num(d.amount))}分`, `驳回${reasonOf(d)}`)
    case 'points.rule_award':
      return join(quoted(d.title), POINTS_RULE_LABELS[d.rule as PointsRule]?.label ?? '', `${num(d.awarded)}人各${num(d.points)}分`)
    case 'shop.item_create':
      return join(str(d.name), `${num(d.price)}分`, `库存${num(d.stock)}`)
    case 'shop.item_update':
    case 'shop.stock_change':
      return join(str(d.name), d.stockFrom !== undefined ? `库存${num(d.stockFrom)} → ${num(d.stockTo)}` : '', d.stockFrom !== undefined && action === 'shop.stock_change' ? '' : changed)
    case 'redemption.hand_out':
      return join(str(d.item), `${num(d.points)}分`)
    case 'export.masked':
    case 'export.full':
      return join(EXPORT_KIND_LABELS[d.kind as ExportKind] ?? str(d.kind), `${str(d.from)} 至 ${str(d.to)}`, `${num(d.rows)}行`, reasonOf(d))
    default:
      // Rejections, revocations and the rest: what it was about and why.
      return join(quoted(d.title) || str(d.name), changed, reasonOf(d))
  }
}

type ChangeRow = {
  id: number
  createdAt: Date
  actorUserId: number | null
  actorName: string | null
  action: string
  communityId: number | null
  communityName: string | null
  subjectType: string
  subjectId: string
  detail: Record<string, unknown>
}

type ReadRow = {
  id: number
  createdAt: Date
  actorUserId: number
  actorName: string | null
  purpose: string
  communityId: number
  communityName: string
  subjectPersonId: number
  subjectName: string
}

const actorOf = (userId: number | null, name: string | null) => ({ userId, name: userId === null ? '系统' : name ?? `用户${userId}` })

export function changeToEntry(r: ChangeRow): AuditEntry {
  return {
    id: `a${r.id}`,
    at: toApiInstant(r.createdAt),
    actor: actorOf(r.actorUserId, r.actorName),
    kind: kindOfAction(r.action),
    action: r.action,
    actionLabel: AUDIT_ACTION_LABELS[r.action as AuditAction] ?? r.action,
    communityId: r.communityId,
    communityName: r.communityName,
    subjectType: r.subjectType,
    subjectId: r.subjectId,
    summary: summarise(r.action, r.detail ?? {}),
  }
}

export function readToEntry(r: ReadRow): AuditEntry {
  const purpose = PERSONAL_DATA_PURPOSE_LABELS[r.purpose as PersonalDataPurpose] ?? r.purpose
  return {
    id: `p${r.id}`,
    at: toApiInstant(r.createdAt),
    actor: actorOf(r.actorUserId, r.actorName),
    kind: 'personal_data',
    action: `personal_data.${r.purpose}`,
    actionLabel: `查看个人信息（${purpose}）`,
    communityId: r.communityId,
    communityName: r.communityName,
    subjectType: 'person',
    subjectId: String(r.subjectPersonId),
    summary: `查看了${maskName(r.subjectName)}的${purpose}信息`,
  }
}

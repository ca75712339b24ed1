import { PassThrough, type Readable } from 'node:stream'
import {
  BOOKING_STATUS_LABELS,
  CONTACT_PREFERENCE_LABELS,
  POINTS_RULE_LABELS,
  SIGNUP_STATUS_LABELS,
  WISH_CATEGORY_LABELS,
  WISH_STATUS_LABELS,
  EXPORT_KIND_LABELS,
  type ExportKind,
  type PointsReason,
} from '../../../../types/api/labels'
import { EXPORT_ROW_CAP, type ZExportQuery } from '../../../../types/api/reports'
import { maskName } from '../../../../types/names'
import { maskPhone } from '../../../../types/phone'
import { addDays, chinaDate, chinaDayStartMs } from '../../../../types/time'
import type { z } from 'zod'
import type { AppContext, RequestContext } from '../../context'
import { AppError } from '../../http/app-error'
import type { Principal } from '../../http/principal'
import { recordAudit } from '../audit/audit.service'
import { addressesOf, findCommunityRef, type Address } from '../people/people.api'
import { ANONYMISED_NAME } from '../privacy/privacy.repository'
import { recordPersonalDataAccess } from '../privacy/access-log'
import { hoursOf } from '../volunteer/volunteer.domain'
import * as repo from './exports.repository'
import { chinaClockText, chinaDateTimeText, writeXlsx, type XlsxColumn } from './xlsx-stream'

/*
 * 台账 exports: one .xlsx per kind, for a community and a range of China days, streamed as it is read. Personal
 * data is masked (张**, 138****5678, the building without the flat) unless the staff member asks for the full
 * export and says why: that is an audit row with the reason, and a personal-data access row per person shown.
 */

export type ExportQuery = z.output<typeof ZExportQuery>
/** Rows read from the database at a time: what the export holds in memory besides exceljs's zip window. */
const BATCH_ROWS = 2_000

export type ExportOptions = {
  /** Told when the file fails part-way (the stream is destroyed; the client sees a broken download). */
  onStreamError?: (err: unknown) => void
}
export type StartedExport = {
  /** 联通社区-微心愿台账-2026-11-01至2026-11-30.xlsx */
  filename: string
  /** The same in ASCII, for clients that ignore filename*. */
  asciiFilename: string
  rows: number
  body: Readable
}

/** How the current export shows a person, a phone, an address: in clear or masked. */
type View = {
  full: boolean
  name: (name: string | null, anonymised?: boolean) => string
  phone: (cipher: string | null) => string
  address: (householdId: number | null) => string
}

type KindSpec<R> = {
  sheet: string
  count: (ctx: AppContext, s: Omit<repo.ExportScope, 'maxId'>) => Promise<repo.ExportCount>
  batch: (ctx: AppContext, s: repo.ExportScope, cursor: repo.ExportCursor | null, limit: number) => Promise<R[]>
  cursorOf: (row: R) => repo.ExportCursor
  /** The persons whose name or phone the row shows (logged for a full export). */
  personIds: (row: R) => (number | null)[]
  householdIds?: (row: R) => (number | null)[]
  columns: (v: View) => XlsxColumn<R>[]
}

const POINTS_REASON_LABELS: Record<PointsReason, string> = {
  rule_award: '按规则获得',
  staff_award: '社区奖励',
  staff_deduction: '社区扣减',
  redemption: '兑换',
  redemption_refund: '兑换退回',
  expiry: '年度清零',
}

const hours = (minutes: number | null) => (minutes === null ? null : hoursOf(minutes))
const period = (startsAt: Date, endsAt: Date) => {
  const end = chinaDate(endsAt) === chinaDate(startsAt) ? chinaClockText(endsAt) : chinaDateTimeText(endsAt)
  return `${chinaClockText(startsAt)}–${end}`
}

const wishesSpec: KindSpec<repo.WishExportRow> = {
  sheet: '微心愿',
  count: (ctx, s) => repo.countWishes(ctx.db, s),
  batch: (ctx, s, c, n) => repo.wishBatch(ctx.db, s, c, n),
  cursorOf: (r) => ({ at: r.cursorAt, ids: [r.id] }),
  personIds: (r) => [r.wisherPersonId, r.claimerPersonId],
  householdIds: (r) => [r.wisherHouseholdId],
  columns: (v) => [
    { header: '编号', width: 8, value: (r) => r.id },
    { header: '标题', width: 30, value: (r) => r.title },
    { header: '类别', width: 10, value: (r) => WISH_CATEGORY_LABELS[r.category] },
    { header: '价值（元）', width: 10, value: (r) => r.valueYuan },
    { header: '状态', width: 8, value: (r) => WISH_STATUS_LABELS[r.status] },
    { header: '心愿人', width: 10, value: (r) => v.name(r.wisherName, r.wisherAnonymised) },
    { header: '联系电话', width: 14, value: (r) => v.phone(r.wisherPhoneCipher) },
    { header: v.full ? '住址' : '楼栋', width: v.full ? 26 : 18, value: (r) => v.address(r.wisherHouseholdId) },
    { header: '联系方式', width: 14, value: (r) => CONTACT_PREFERENCE_LABELS[r.contactPreference] },
    { header: '代为发布', width: 8, value: (r) => (r.postedOnBehalf ? '是' : '否') },
    { header: '发布时间', width: 17, value: (r) => chinaDateTimeText(r.createdAt) },
    { header: '审核人', width: 10, value: (r) => r.reviewerName ?? '' },
    { header: '审核通过时间', width: 17, value: (r) => chinaDateTimeText(r.openedAt) },
    { header: '未通过原因', width: 20, value: (r) => r.rejectReason ?? '' },
    { header: '认领人', width: 16, value: (r) => r.claimerUnitName ?? (r.claimerName === null ? '' : v.name(r.claimerName, r.claimerAnonymised)) },
    { header: '认领时间', width: 17, value: (r) => chinaDateTimeText(r.claimedAt) },
    { header: '完成时间', width: 17, value: (r) => chinaDateTimeText(r.fulfilledAt) },
    { header: '确认时间', width: 17, value: (r) => chinaDateTimeText(r.confirmedAt) },
  ],
}

const bookingsSpec: KindSpec<repo.BookingExportRow> = {
  sheet: '场地预约',
  count: (ctx, s) => repo.countBookings(ctx.db, s),
  batch: (ctx, s, c, n) => repo.bookingBatch(ctx.db, s, c, n),
  cursorOf: (r) => ({ at: r.cursorAt, ids: [r.id] }),
  personIds: (r) => [r.bookerPersonId],
  columns: (v) => [
    { header: '编号', width: 8, value: (r) => r.id },
    { header: '阵地', width: 24, value: (r) => r.stationName },
    { header: '场地/工具', width: 16, value: (r) => r.roomName },
    { header: '日期', width: 12, value: (r) => chinaDate(r.startsAt) },
    { header: '开始', width: 8, value: (r) => chinaClockText(r.startsAt) },
    { header: '结束', width: 17, value: (r) => (chinaDate(r.endsAt) === chinaDate(r.startsAt) ? chinaClockText(r.endsAt) : chinaDateTimeText(r.endsAt)) },
    { header: '时长（小时）', width: 12, value: (r) => hours(Math.round((r.endsAt.getTime() - r.startsAt.getTime()) / 60_000)) },
    { header: '用途', width: 24, value: (r) => r.purpose },
    { header: '人数', width: 6, value: (r) => r.attendees },
    { header: '预约人', width: 10, value: (r) => v.name(r.bookerName, r.bookerAnonymised) },
    { header: '联系电话', width: 14, value: (r) => v.phone(r.bookerPhoneCipher) },
    { header: '状态', width: 8, value: (r) => BOOKING_STATUS_LABELS[r.status] },
    { header: '审核人', width: 10, value: (r) => r.deciderName ?? '' },
    { header: '签到时间', width: 17, value: (r) => chinaDateTimeText(r.checkedInAt) },
    { header: '拒绝/取消原因', width: 20, value: (r) => r.rejectReason ?? r.cancelReason ?? '' },
    { header: '提交时间', width: 17, value: (r) => chinaDateTimeText(r.createdAt) },
  ],
}

const signupCursor = (r: repo.SignupExportRow) => ({ at: r.cursorAt, ids: [r.activityId, r.signupId] })

const rostersSpec: KindSpec<repo.SignupExportRow> = {
  sheet: '志愿活动名单',
  count: (ctx, s) => repo.countSignups(ctx.db, s, 'roster'),
  batch: (ctx, s, c, n) => repo.signupBatch(ctx.db, s, 'roster', c, n),
  cursorOf: signupCursor,
  personIds: (r) => [r.personId],
  columns: (v) => [
    { header: '活动', width: 28, value: (r) => r.title },
    { header: '服务项目', width: 16, value: (r) => r.projectName ?? '' },
    { header: '活动日期', width: 12, value: (r) => chinaDate(r.startsAt) },
    { header: '时间', width: 14, value: (r) => period(r.startsAt, r.endsAt) },
    { header: '地点', width: 24, value: (r) => r.place },
    { header: '志愿者', width: 10, value: (r) => v.name(r.volunteerName, r.volunteerAnonymised) },
    { header: '联系电话', width: 14, value: (r) => v.phone(r.phoneCipher) },
    { header: '报名状态', width: 10, value: (r) => SIGNUP_STATUS_LABELS[r.status] },
    { header: '签到', width: 17, value: (r) => chinaDateTimeText(r.checkedInAt) },
    { header: '签退', width: 17, value: (r) => chinaDateTimeText(r.checkedOutAt) },
    { header: '确认时长（小时）', width: 16, value: (r) => hours(r.confirmedMinutes) },
    { header: '确认人', width: 10, value: (r) => r.confirmerName ?? '' },
    { header: '获得积分', width: 10, value: (r) => r.pointsAwarded },
  ],
}

/** 《志愿服务记录与证明出具办法》: who served (name, contact), what, where, when, how long, recorded by whom. */
function serviceRecordsSpec(communityName: string): KindSpec<repo.SignupExportRow> {
  return {
    sheet: '志愿服务记录',
    count: (ctx, s) => repo.countSignups(ctx.db, s, 'records'),
    batch: (ctx, s, c, n) => repo.signupBatch(ctx.db, s, 'records', c, n),
    cursorOf: signupCursor,
    personIds: (r) => [r.personId],
    columns: (v) => [
      { header: '志愿者姓名', width: 12, value: (r) => v.name(r.volunteerName, r.volunteerAnonymised) },
      { header: '联系电话', width: 14, value: (r) => v.phone(r.phoneCipher) },
      { header: '服务项目', width: 18, value: (r) => r.projectName ?? r.title },
      { header: '服务内容', width: 30, value: (r) => r.title },
      { header: '服务地点', width: 24, value: (r) => r.place },
      { header: '服务日期', width: 12, value: (r) => chinaDate(r.startsAt) },
      { header: '服务时间', width: 14, value: (r) => period(r.checkedInAt ?? r.startsAt, r.checkedOutAt ?? r.endsAt) },
      { header: '服务时长（小时）', width: 16, value: (r) => hours(r.confirmedMinutes) },
      { header: '记录组织', width: 24, value: (r) => (r.teamName ? `${communityName}${r.teamName}` : communityName) },
      { header: '确认人', width: 10, value: (r) => r.confirmerName ?? '' },
      { header: '确认时间', width: 17, value: (r) => chinaDateTimeText(r.confirmedAt) },
    ],
  }
}

const ledgerSpec: KindSpec<repo.LedgerExportRow> = {
  sheet: '积分明细',
  count: (ctx, s) => repo.countLedger(ctx.db, s),
  batch: (ctx, s, c, n) => repo.ledgerBatch(ctx.db, s, c, n),
  cursorOf: (r) => ({ at: r.cursorAt, ids: [r.id] }),
  personIds: (r) => [r.personId],
  householdIds: (r) => [r.householdId],
  columns: (v) => [
    { header: '时间', width: 17, value: (r) => chinaDateTimeText(r.createdAt) },
    { header: v.full ? '家庭（门牌）' : '家庭（楼栋）', width: v.full ? 26 : 18, value: (r) => v.address(r.householdId) },
    { header: '成员', width: 10, value: (r) => (r.memberName === null ? '' : v.name(r.memberName, r.memberAnonymised)) },
    { header: '变动', width: 8, value: (r) => r.amount },
    { header: '类型', width: 12, value: (r) => POINTS_REASON_LABELS[r.reason] },
    { header: '规则', width: 14, value: (r) => (r.rule ? POINTS_RULE_LABELS[r.rule].label : '') },
    { header: '说明', width: 32, value: (r) => r.title },
    { header: '经办人', width: 10, value: (r) => r.actorName ?? '' },
    { header: '余额', width: 8, value: (r) => r.balanceAfter },
  ],
}

/** RFC 5987 value: percent-encoded UTF-8, with the characters encodeURIComponent leaves but the header may not hold. */
export function contentDisposition(filename: string, asciiFilename: string): string {
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${asciiFilename}"; filename*=UTF-8''${encoded}`
}

/**
 * Counts the rows, refuses above the cap, records the export in the audit trail, and starts streaming the .xlsx.
 * Everything that can be refused is refused before the first byte; a failure while streaming destroys the body.
 */
export async function startExport(ctx: RequestContext, principal: Principal, kind: ExportKind, query: ExportQuery, options: ExportOptions = {}): Promise<StartedExport> {
  const communityId = principal.staffScope(query.communityId)
  const community = await findCommunityRef(ctx.db, communityId)
  if (!community) throw new AppError('COMMUNITY_NOT_FOUND')
  const full = query.full === '1'
  const range = { communityId, from: new Date(chinaDayStartMs(query.from)), until: new Date(chinaDayStartMs(addDays(query.to, 1))) }

  const started = await (async () => {
    const go = <R>(spec: KindSpec<R>) => streamExport(ctx, principal, spec, { kind, query, communityId, communityName: community.name, range, full }, options)
    switch (kind) {
      case 'wishes':
        return go(wishesSpec)
      case 'bookings':
        return go(bookingsSpec)
      case 'rosters':
        return go(rostersSpec)
      case 'service-records':
        return go(serviceRecordsSpec(community.name))
      case 'points-ledger':
        return go(ledgerSpec)
    }
  })()
  const label = EXPORT_KIND_LABELS[kind]
  return {
    filename: `${community.name}-${label}-${query.from}至${query.to}.xlsx`,
    asciiFilename: `${kind}-${query.from}-${query.to}.xlsx`,
    rows: started.rows,
    body: started.body,
  }
}

type ExportRequest = {
  kind: ExportKind
  query: ExportQuery
  communityId: number
  communityName: string
  range: Omit<repo.ExportScope, 'maxId'>
  full: boolean
}

/** The count, the cap, the audit row, then the file streaming in the background. */
async function streamExport<R>(ctx: RequestContext, principal: Principal, spec: KindSpec<R>, e: ExportRequest, options: ExportOptions): Promise<{ rows: number; body: Readable }> {
  const { kind, query, communityId, range, full } = e
  const count = await spec.count(ctx, range)
  if (count.rows > EXPORT_ROW_CAP) {
    throw new AppError('EXPORT_TOO_LARGE', { message: `共 ${count.rows} 行，超过单次导出上限 ${EXPORT_ROW_CAP} 行，请缩短日期范围后再导出` })
  }
  await recordAudit(ctx.db, {
    actorUserId: principal.userId,
    action: full ? 'export.full' : 'export.masked',
    communityId,
    subjectType: 'export',
    subjectId: communityId,
    detail: { kind, from: query.from, to: query.to, rows: count.rows, ...(full ? { reason: query.reason } : {}) },
    at: ctx.now(),
  })

  let addresses = new Map<number, Address>()
  const view: View = {
    full,
    name: (name, anonymised) => (name === null ? '' : anonymised ? ANONYMISED_NAME : full ? name : maskName(name)),
    // maskPhone needs the number (138****5678 keeps its first three digits): opened in memory, written masked.
    phone: (cipher) => {
      const phone = ctx.personalData.openPhone(cipher)
      return (full ? phone : maskPhone(phone)) ?? ''
    },
    address: (householdId) => {
      const a = householdId === null ? undefined : addresses.get(householdId)
      if (!a) return ''
      return full ? `${a.estate} ${a.building} ${a.unitNo} ${a.roomNo}` : `${a.estate} ${a.building}`
    },
  }

  const logged = new Set<number>()
  async function* batches() {
    const scope = { ...range, maxId: count.maxId }
    let cursor: repo.ExportCursor | null = null
    for (let read = 0; read < EXPORT_ROW_CAP; ) {
      const rows = await spec.batch(ctx, scope, cursor, Math.min(BATCH_ROWS, EXPORT_ROW_CAP - read))
      if (!rows.length) return
      if (spec.householdIds) {
        const ids = rows.flatMap((r) => spec.householdIds!(r)).filter((id): id is number => id !== null)
        addresses = await addressesOf(ctx.db, ids)
      }
      if (full) {
        const shown = rows
          .flatMap((r) => spec.personIds(r))
          .filter((id): id is number => id !== null && id !== principal.personId && !logged.has(id))
        for (const id of shown) logged.add(id)
        await recordPersonalDataAccess(ctx.db, { actorUserId: principal.userId, subjectPersonIds: shown, purpose: 'export', at: ctx.now(), route: ctx.route })
      }
      yield rows
      read += rows.length
      cursor = spec.cursorOf(rows[rows.length - 1]!)
      if (rows.length < BATCH_ROWS) return
    }
  }

  const body = new PassThrough()
  const title = `${e.communityName}${EXPORT_KIND_LABELS[e.kind]}（${query.from}至${query.to}，${full ? '含完整个人信息' : '个人信息已脱敏'}）`
  writeXlsx(body, { name: spec.sheet, title, columns: spec.columns(view) }, batches()).catch((err: unknown) => {
    options.onStreamError?.(err)
    body.destroy(err instanceof Error ? err : new Error(String(err)))
  })
  return { rows: count.rows, body }
}

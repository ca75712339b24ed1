import { EXPORT_KIND_LABELS, type AuditKind, type ExportKind } from '../../../types/api/labels'
import type { AuditActors, AuditPage } from '../../../types/api/reports'
import { openApiDocument, XLSX } from '../documents'
import { request } from '../http'

/*
 * The 社区工作台's own calls: the 台账 exports and the audit trail. The overview's counts are people's
 * (getStaffOverview, peopleKeys.staffOverview), which the approval pages already refresh.
 */

export const workbenchKeys = {
  all: ['workbench'] as const,
  audit: (filter: AuditFilter) => ['workbench', 'audit', filter] as const,
  actors: (communityId: number | null) => ['workbench', 'audit-actors', communityId] as const,
}

/* ----------------------------------------------------------------- exports */

export type ExportRequest = {
  kind: ExportKind
  communityId: number
  from: string
  to: string
  /** Personal data in clear; only with a reason, which the audit trail keeps. */
  full: boolean
  reason?: string
}

/** The API path of one export, query included (what the download asks for, with the session). */
export function exportPath(e: ExportRequest): string {
  const query: [string, string][] = [
    ['communityId', String(e.communityId)],
    ['from', e.from],
    ['to', e.to],
    ['full', e.full ? '1' : '0'],
  ]
  if (e.full && e.reason) query.push(['reason', e.reason.trim()])
  return `/api/staff/exports/${e.kind}?${query.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`
}

/** 微心愿台账_2026-11-01至2026-11-30.xlsx */
export function exportFileName(e: Pick<ExportRequest, 'kind' | 'from' | 'to'>): string {
  return `${EXPORT_KIND_LABELS[e.kind]}_${e.from}至${e.to}.xlsx`
}

/**
 * Downloads the export and opens it: WeChat's document viewer in the mini-program (which can forward the file),
 * a download in the browser. A refusal rejects with the server's ApiError (e.g. EXPORT_TOO_LARGE).
 */
export function downloadExport(e: ExportRequest): Promise<void> {
  return openApiDocument(exportPath(e), XLSX, exportFileName(e), '导出失败，请缩短日期范围或稍后再试')
}

/* ----------------------------------------------------------------- audit trail */

/** What the 操作记录 page filters by; null: all. `communityId` null is the district (admins). */
export type AuditFilter = {
  communityId: number | null
  actorUserId: number | null
  kind: AuditKind | null
  from: string | null
  to: string | null
}

/** Rows per page of the trail. */
const AUDIT_PAGE_SIZE = 30

export function listAudit(filter: AuditFilter, cursor?: string) {
  return request<AuditPage>('/api/staff/audit', {
    query: {
      communityId: filter.communityId ?? undefined,
      actorUserId: filter.actorUserId ?? undefined,
      kind: filter.kind ?? undefined,
      from: filter.from ?? undefined,
      to: filter.to ?? undefined,
      cursor,
      limit: AUDIT_PAGE_SIZE,
    },
  })
}

export function listAuditActors(communityId: number | null) {
  return request<AuditActors>('/api/staff/audit/actors', { query: { communityId: communityId ?? undefined } })
}

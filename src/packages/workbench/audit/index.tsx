import { useState, type ReactNode } from 'react'
import { View } from '@tarojs/components'
import { useQuery } from '@tanstack/react-query'
import type { Me } from '../../../../types/api/me'
import { AUDIT_KIND_LABELS, AUDIT_KINDS, type AuditKind } from '../../../../types/api/labels'
import type { AuditEntry } from '../../../../types/api/reports'
import { ChoiceButtons } from '../../../components/choice-buttons'
import { EmptyState } from '../../../components/empty-state'
import { LoadMore } from '../../../components/load-more'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { useCursorPages } from '../../../hooks/use-cursor-pages'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { listAudit, listAuditActors, workbenchKeys, type AuditFilter } from '../../../services/staff/workbench'
import { formatDate, formatDateTime } from '../../../utils/format'
import { DateField } from '../index/date-field'
import { DAY_RANGE_LABELS, dayRangeOf, type DayRange } from '../index/day-ranges'
import { WorkbenchGate } from '../index/workbench-gate'
import './index.scss'

/** 操作记录: who changed what, or saw whose personal data, in the community (an admin: any, or the district). */
export default function AuditPage() {
  return (
    <PageShell>
      <WorkbenchGate>{(communityId, me) => <AuditTrail communityId={communityId} me={me} />}</WorkbenchGate>
    </PageShell>
  )
}

type DateChoice = 'all' | 'today' | 'month' | 'last-month' | 'custom'
const DATE_OPTIONS: { value: DateChoice; label: string }[] = [
  { value: 'all', label: '全部时间' },
  ...(['today', 'month', 'last-month'] as const).map((value) => ({ value, label: DAY_RANGE_LABELS[value] })),
  { value: 'custom', label: '自定义' },
]
const KIND_OPTIONS: { value: AuditKind | 'all'; label: string }[] = [{ value: 'all', label: '全部类型' }, ...AUDIT_KINDS.map((k) => ({ value: k, label: AUDIT_KIND_LABELS[k] }))]

type Open = 'kind' | 'actor' | 'date' | null

function AuditTrail({ communityId, me }: { communityId: number; me: Me }) {
  const isAdmin = me.roles.includes('admin')
  // An admin may look at the whole district; staff see their community.
  const [district, setDistrict] = useState(false)
  const scope = district ? null : communityId
  const [kind, setKind] = useState<AuditKind | null>(null)
  const [actor, setActor] = useState<{ userId: number; name: string } | null>(null)
  const [dateChoice, setDateChoice] = useState<DateChoice>('all')
  const [custom, setCustom] = useState<DayRange>(() => dayRangeOf('month'))
  const [open, setOpen] = useState<Open>(null)
  const range = dateChoice === 'all' ? null : dateChoice === 'custom' ? custom : dayRangeOf(dateChoice)

  const filter: AuditFilter = { communityId: scope, actorUserId: actor?.userId ?? null, kind, from: range?.from ?? null, to: range?.to ?? null }
  const actors = useQuery({ queryKey: workbenchKeys.actors(scope), queryFn: () => listAuditActors(scope) })
  const { query, items } = useCursorPages(workbenchKeys.audit(filter), (cursor) => listAudit(filter, cursor))
  usePullRefresh(() => Promise.all([query.refetch(), actors.refetch()]))
  const toggle = (which: Open) => setOpen((o) => (o === which ? null : which))
  const filtered = kind !== null || actor !== null || range !== null

  return (
    <View className='audit'>
      {isAdmin ? (
        <ChoiceButtons
          className='audit-scope'
          options={[
            { value: 'community', label: '本社区' },
            { value: 'district', label: '全区' },
          ]}
          value={district ? 'district' : 'community'}
          onChange={(v) => {
            setDistrict(v === 'district')
            // People differ from one scope to the other.
            setActor(null)
          }}
        />
      ) : null}
      <View className='card audit-filters'>
        <FilterRow label='类型' value={kind ? AUDIT_KIND_LABELS[kind] : '全部类型'} open={open === 'kind'} onToggle={() => toggle('kind')}>
          <ChoiceButtons
            className='audit-filters__choices'
            options={KIND_OPTIONS}
            value={kind ?? 'all'}
            onChange={(v) => {
              setKind(v === 'all' ? null : v)
              setOpen(null)
            }}
          />
        </FilterRow>
        <FilterRow label='人员' value={actor?.name ?? '全部人员'} open={open === 'actor'} onToggle={() => toggle('actor')}>
          <QueryView query={actors} skeletonRows={1}>
            {(data) => (
              <ChoiceButtons
                className='audit-filters__choices'
                options={[{ value: 0, label: '全部人员' }, ...data.items.map((a) => ({ value: a.userId, label: a.name }))]}
                value={actor?.userId ?? 0}
                onChange={(id) => {
                  setActor(data.items.find((a) => a.userId === id) ?? null)
                  setOpen(null)
                }}
              />
            )}
          </QueryView>
        </FilterRow>
        <FilterRow label='日期' value={range ? `${formatDate(range.from)} 至 ${formatDate(range.to)}` : '全部时间'} open={open === 'date'} onToggle={() => toggle('date')}>
          <ChoiceButtons
            className='audit-filters__choices'
            options={DATE_OPTIONS}
            value={dateChoice}
            onChange={(v) => {
              setDateChoice(v)
              if (v !== 'custom') setOpen(null)
            }}
          />
          {dateChoice === 'custom' ? (
            <View className='audit-filters__dates'>
              <DateField label='开始日期' value={custom.from} onChange={(from) => setCustom((c) => ({ ...c, from }))} />
              <DateField label='结束日期' value={custom.to} onChange={(to) => setCustom((c) => ({ ...c, to }))} />
            </View>
          ) : null}
        </FilterRow>
      </View>
      <QueryView
        query={query}
        skeletonRows={8}
        isEmpty={() => items.length === 0}
        empty={
          filtered ? (
            <EmptyState title='没有符合条件的记录' description='换个类型、人员或日期看看' />
          ) : (
            <EmptyState title='暂无操作记录' description='工作人员审核、修改或查看居民信息后，记录会显示在这里' />
          )
        }
      >
        {() => (
          <View>
            <View className='audit-list'>
              {items.map((e) => (
                <AuditRow key={e.id} entry={e} showCommunity={scope === null} />
              ))}
            </View>
            <LoadMore hasMore={query.hasNextPage} loading={query.isFetchingNextPage} onLoad={() => void query.fetchNextPage()} />
          </View>
        )}
      </QueryView>
    </View>
  )
}

/** One filter: what it is set to, and a tap that opens its choices under it. */
function FilterRow({ label, value, open, onToggle, children }: { label: string; value: string; open: boolean; onToggle: () => void; children: ReactNode }) {
  return (
    <View className='audit-filter'>
      <View className='audit-filter__row tap-target' role='button' aria-label={`${label}：${value}`} onClick={onToggle}>
        <View className='audit-filter__label'>{label}</View>
        <View className='audit-filter__value'>{value}</View>
        <View className='audit-filter__toggle'>{open ? '收起' : '选择 ›'}</View>
      </View>
      {open ? <View className='audit-filter__choices'>{children}</View> : null}
    </View>
  )
}

function AuditRow({ entry: e, showCommunity }: { entry: AuditEntry; showCommunity: boolean }) {
  return (
    <View className='audit-row'>
      <View className='audit-row__head'>
        <View className='audit-row__action'>{e.actionLabel}</View>
        <View className='audit-row__time'>{formatDateTime(e.at)}</View>
      </View>
      <View className='audit-row__who'>
        {e.actor.name}
        {showCommunity && e.communityName ? <View className='audit-row__community'>{e.communityName}</View> : null}
      </View>
      {e.summary ? <View className='audit-row__summary'>{e.summary}</View> : null}
    </View>
  )
}

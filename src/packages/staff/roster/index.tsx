import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { SIGNUP_STATUS_LABELS } from '../../../../types/api/labels'
import type { Activity, BatchAttendanceRequest, BatchAttendanceResult, Roster, RosterEntry } from '../../../../types/api/volunteer'
import { chinaTime } from '../../../../types/time'
import { EmptyState } from '../../../components/empty-state'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { TextField } from '../../../components/text-field'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import {
  actOnSignup,
  attendInBatch,
  checkOutEveryone,
  confirmAllHours,
  getRoster,
  refreshAfterVolunteerWrite,
  staffVolunteerKeys,
  type SignupAction,
} from '../../../services/staff/volunteer'
import { eventLocation, formatEventTime } from '../../../utils/format'
import { goTo } from '../../../utils/navigation'
import { StaffGate } from '../staff-gate'
import { activityQrUrl, ActivityStateTags, formatHours } from '../volunteer-parts'
import { ConfirmHoursSheet } from './confirm-hours-sheet'
import './index.scss'
import { maskPhone } from '../../../../types/phone'

export default function StaffRosterPage() {
  const { params } = useRouter()
  const id = Number(params.id)
  return (
    <PageShell>
      <StaffGate>
        {() => (Number.isInteger(id) && id > 0 ? <RosterPage id={id} /> : <EmptyState title='找不到这个活动' description='请从「志愿活动管理」进入' />)}
      </StaffGate>
    </PageShell>
  )
}

function RosterPage({ id }: { id: number }) {
  const roster = useQuery({ queryKey: staffVolunteerKeys.roster(id), queryFn: () => getRoster(id) })
  usePullRefresh(() => roster.refetch())
  const [confirming, setConfirming] = useState<RosterEntry | null>(null)
  return (
    <QueryView query={roster} skeletonRows={8}>
      {(r) => (
        <View>
          <Header activity={r.activity} entries={r.entries} />
          <Roll roster={r} onConfirm={setConfirming} />
          {confirming ? <ConfirmHoursSheet activityId={id} entry={confirming} onClose={() => setConfirming(null)} /> : null}
        </View>
      )}
    </QueryView>
  )
}

type Bulk = 'check_out_all' | 'confirm_all'

const BULK_ASKS: Record<Bulk, { title: string; content: string; confirmText: string }> = {
  check_out_all: {
    title: '全部签退',
    content: '为所有已签到、还没签退的志愿者签退（活动已结束的，按结束时间签退）。',
    confirmText: '全部签退',
  },
  confirm_all: {
    title: '全部确认',
    content: '按实际签到签退时间，确认所有已签退、还没确认的志愿者的服务时长。确认后计入志愿服务记录并发放积分，不能撤回。',
    confirmText: '全部确认',
  },
}

function Header({ activity: a, entries }: { activity: Activity; entries: RosterEntry[] }) {
  const queryClient = useQueryClient()
  const bulk = useIdempotentMutation({
    mutationFn: (kind: Bulk, key) => (kind === 'check_out_all' ? checkOutEveryone(a.id, key) : confirmAllHours(a.id, key)),
    action: (kind) => kind,
    onSuccess: (result, kind) => {
      refreshAfterVolunteerWrite(queryClient)
      const title = kind === 'check_out_all' ? `已为${result.affected}人签退` : `已确认${result.affected}人的服务时长`
      void Taro.showToast({ title, icon: 'none', duration: 2500 })
    },
    onError: () => void queryClient.invalidateQueries({ queryKey: staffVolunteerKeys.roster(a.id) }),
  })
  const ask = async (kind: Bulk) => {
    const answer = await Taro.showModal({ ...BULK_ASKS[kind], cancelText: '取消' })
    if (answer.confirm) bulk.mutate(kind)
  }
  const confirmed = entries.filter((e) => e.status === 'accepted' && e.confirmedAt !== null).length

  return (
    <View className='card roster-head'>
      <View className='roster-head__title-row'>
        <View className='roster-head__title'>{a.title}</View>
        <ActivityStateTags activity={a} />
      </View>
      <View className='roster-head__time'>{formatEventTime(a.startsAt, a.endsAt)}</View>
      <View className='muted'>{eventLocation(a)}</View>
      {a.cancelled && a.cancelReason ? <View className='roster-head__cancel-reason'>取消原因：{a.cancelReason}</View> : null}
      <View className='roster-head__counts'>
        名额 {a.capacity} · 已报名 {a.signedUp} · 候补 {a.waitlisted} · 已确认时长 {confirmed}
      </View>
      {a.cancelled ? null : (
        <View className='roster-head__bulk'>
          <Button type='primary' className='tap-target roster-head__qr' onClick={() => goTo(activityQrUrl(a.id))}>
            出示签到码
          </Button>
          <Button className='tap-target roster-head__check-out-all' disabled={bulk.isPending} onClick={() => void ask('check_out_all')}>
            全部签退
          </Button>
          <Button className='tap-target roster-head__confirm-all' disabled={bulk.isPending} onClick={() => void ask('confirm_all')}>
            全部确认
          </Button>
        </View>
      )}
    </View>
  )
}

type Filter = 'all' | 'not_in' | 'in' | 'out'
const FILTERS: { value: Filter; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'not_in', label: '未签到' },
  { value: 'in', label: '已签到' },
  { value: 'out', label: '已签退' },
]

/** Where a sign-up stands on the day, as the filter tabs count it (the waitlist and the others only under 全部). */
function standing(e: RosterEntry): Filter | null {
  if (e.status !== 'accepted') return null
  if (e.checkedOutAt !== null) return 'out'
  return e.checkedInAt !== null ? 'in' : 'not_in'
}

/** Accepted first, then the waitlist in order, then those who cancelled or did not come. */
function ordered(entries: RosterEntry[]): RosterEntry[] {
  const rank = (e: RosterEntry) => (e.status === 'accepted' ? 0 : e.status === 'waitlisted' ? 1 : 2)
  return [...entries].sort((a, b) => rank(a) - rank(b) || (a.waitlistPosition ?? 0) - (b.waitlistPosition ?? 0))
}

/** A name, or the last digits of a phone number (尾号). */
function matches(e: RosterEntry, q: string): boolean {
  const query = q.trim()
  if (!query) return true
  if (/^\d+$/.test(query)) return e.phone?.endsWith(query) ?? false
  return e.name.includes(query)
}

/** Who the batch may act on: those the server offers a check-in or a check-out now. */
const batchable = (e: RosterEntry) => e.actions.includes('check_in') || e.actions.includes('check_out')

function Roll({ roster: r, onConfirm }: { roster: Roster; onConfirm: (e: RosterEntry) => void }) {
  const [query, setQuery] = useState('')
  const [filter, setFilter] = useState<Filter>('all')
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set())
  if (r.entries.length === 0) return <EmptyState title='还没有人报名' description='志愿者报名后会显示在这里' />

  const count = (f: Filter) => (f === 'all' ? r.entries.length : r.entries.filter((e) => standing(e) === f).length)
  const shown = ordered(r.entries).filter((e) => (filter === 'all' || standing(e) === filter) && matches(e, query))
  const choosable = shown.filter(batchable)
  // Only who is still offered a check-in or check-out stays chosen (the roster moves on under the page).
  const chosen = r.entries.filter((e) => selected.has(e.signupId) && batchable(e))
  const allChosen = choosable.length > 0 && choosable.every((e) => selected.has(e.signupId))
  const toggle = (id: number) =>
    setSelected((s) => {
      const next = new Set(s)
      if (next.has(id)) next.delete(id)
      else next.add(id)
      return next
    })
  const toggleAll = () =>
    setSelected((s) => {
      const next = new Set(s)
      for (const e of choosable) {
        if (allChosen) next.delete(e.signupId)
        else next.add(e.signupId)
      }
      return next
    })

  return (
    <View className='roster-roll'>
      <View className='roster-search'>
        <TextField value={query} onChange={setQuery} placeholder='搜索姓名或手机尾号' label='搜索姓名或手机尾号' maxLength={20} className='roster-search__input' />
      </View>
      <View className='roster-filters' role='tablist'>
        {FILTERS.map((f) => (
          <View
            key={f.value}
            role='tab'
            ariaLabel={`${f.label}${count(f.value)}人${filter === f.value ? '，当前' : ''}`}
            className={`roster-filters__tab${filter === f.value ? ' roster-filters__tab--on' : ''}`}
            onClick={() => setFilter(f.value)}
          >
            {f.label} {count(f.value)}
          </View>
        ))}
      </View>
      {r.activity.cancelled ? null : (
        <BatchBar activityId={r.activity.id} chosen={chosen} choosable={choosable.length} allChosen={allChosen} onToggleAll={toggleAll} onDone={() => setSelected(new Set())} />
      )}
      {shown.length === 0 ? (
        <View className='roster-roll__none muted'>{query.trim() ? `没有找到“${query.trim()}”` : '这里还没有人'}</View>
      ) : (
        <View className='roster-list'>
          {shown.map((e) => (
            <EntryRow key={e.signupId} activityId={r.activity.id} entry={e} chosen={selected.has(e.signupId)} onToggle={batchable(e) ? () => toggle(e.signupId) : null} onConfirm={() => onConfirm(e)} />
          ))}
        </View>
      )}
    </View>
  )
}

type BatchAction = BatchAttendanceRequest['action']
const BATCH_VERBS: Record<BatchAction, string> = { check_in: '签到', check_out: '签退' }

/** 3人已签到，1人此前已签到，1人还没签到，无法签退 — the server's per-person results in one sentence. */
export function batchSummary(action: BatchAction, results: BatchAttendanceResult['results']): string {
  const verb = BATCH_VERBS[action]
  const done = results.filter((x) => x.outcome === 'done').length
  const unchanged = results.filter((x) => x.outcome === 'unchanged').length
  const refused = new Map<string, number>()
  for (const x of results) if (x.outcome === 'refused') refused.set(x.message ?? `无法${verb}`, (refused.get(x.message ?? `无法${verb}`) ?? 0) + 1)
  const parts = [done || (!unchanged && !refused.size) ? `${done}人已${verb}` : null, unchanged ? `${unchanged}人此前已${verb}` : null, ...[...refused].map(([why, n]) => `${n}人${why}`)]
  return parts.filter(Boolean).join('，')
}

function BatchBar({ activityId, chosen, choosable, allChosen, onToggleAll, onDone }: { activityId: number; chosen: RosterEntry[]; choosable: number; allChosen: boolean; onToggleAll: () => void; onDone: () => void }) {
  const queryClient = useQueryClient()
  const batch = useIdempotentMutation({
    mutationFn: (v: BatchAttendanceRequest, key) => attendInBatch(activityId, v, key),
    onSuccess: (result, v) => {
      queryClient.setQueryData(staffVolunteerKeys.roster(activityId), result.roster)
      refreshAfterVolunteerWrite(queryClient)
      onDone()
      const summary = batchSummary(v.action, result.results)
      // Everyone done: a passing word is enough; anyone left out is said until the organiser has read it.
      if (result.results.every((x) => x.outcome === 'done')) void Taro.showToast({ title: summary, icon: 'none', duration: 2500 })
      else void Taro.showModal({ title: `批量${BATCH_VERBS[v.action]}结果`, content: summary, showCancel: false, confirmText: '知道了' })
    },
    onError: () => void queryClient.invalidateQueries({ queryKey: staffVolunteerKeys.roster(activityId) }),
  })
  const ask = async (action: BatchAction) => {
    const verb = BATCH_VERBS[action]
    const names = chosen.map((e) => e.name)
    const who = names.length > 3 ? `${names.slice(0, 3).join('、')}等${names.length}人` : names.join('、')
    const answer = await Taro.showModal({ title: `批量${verb}`, content: `为${who}${verb}？${verb}时间记为现在。`, confirmText: verb, cancelText: '取消' })
    if (answer.confirm) batch.mutate({ action, signupIds: chosen.map((e) => e.signupId) })
  }
  return (
    <View className='roster-batch'>
      <View className={`roster-batch__all${choosable === 0 ? ' roster-batch__all--off' : ''}`} role='checkbox' aria-checked={allChosen} aria-disabled={choosable === 0} onClick={choosable ? onToggleAll : undefined}>
        <View className={`roster-check${allChosen ? ' roster-check--on' : ''}`}>{allChosen ? '✓' : ''}</View>
        全选
      </View>
      <View className='roster-batch__count'>已选 {chosen.length} 人</View>
      {/* Offered once someone is chosen: nothing greyed out to puzzle over before. */}
      {chosen.length ? (
        <>
          <Button size='small' type='primary' className='roster-batch__check-in' disabled={batch.isPending} onClick={() => void ask('check_in')}>
            批量签到
          </Button>
          <Button size='small' type='primary' className='roster-batch__check-out' disabled={batch.isPending} onClick={() => void ask('check_out')}>
            批量签退
          </Button>
        </>
      ) : (
        <View className='roster-batch__hint muted'>勾选后可批量签到、签退</View>
      )}
    </View>
  )
}

const clock = (instant: string) => chinaTime(instant).format('HH:mm')

const SIGNUP_ASKS: Record<SignupAction, (name: string) => { title: string; content: string; confirmText: string }> = {
  check_in: (name) => ({ title: '手动签到', content: `确认${name}已到场？签到时间记为现在。`, confirmText: '签到' }),
  check_out: (name) => ({ title: '手动签退', content: `为${name}签退？签退时间记为现在。`, confirmText: '签退' }),
  no_show: (name) => ({ title: '记为未到场', content: `${name}没有来参加活动？记为未到场后不能再签到。`, confirmText: '未到场' }),
}
const SIGNUP_DONE: Record<SignupAction, string> = { check_in: '已签到', check_out: '已签退', no_show: '已记为未到场' }

/**
 * 手动签到, 手动签退, 记未到场 with one Idempotency-Key per action until the server has answered it for good; the
 * server answers the roster as it is now, which the page shows at once.
 */
function useSignupAction(activityId: number) {
  const queryClient = useQueryClient()
  return useIdempotentMutation({
    mutationFn: (v: { signupId: number; action: SignupAction }, key) => actOnSignup(v.signupId, v.action, key),
    action: (v) => `${v.action}:${v.signupId}`,
    onSuccess: (roster, v) => {
      queryClient.setQueryData(staffVolunteerKeys.roster(activityId), roster)
      refreshAfterVolunteerWrite(queryClient)
      void Taro.showToast({ title: SIGNUP_DONE[v.action], icon: 'none' })
    },
    // The sign-up moved on meanwhile (someone scanned, the sweep checked out): show what is true now.
    refreshOnConflict: () => [staffVolunteerKeys.roster(activityId)],
  })
}

/** The state of one sign-up in a word or two, with its tone. */
function stateOf(e: RosterEntry): { text: string; tone: string } {
  if (e.status === 'waitlisted') return { text: e.waitlistPosition !== null ? `候补第${e.waitlistPosition}位` : '候补', tone: 'info' }
  if (e.status !== 'accepted') return { text: SIGNUP_STATUS_LABELS[e.status], tone: 'warn' }
  if (e.confirmedAt !== null) return { text: '已确认', tone: 'ok' }
  if (e.checkedOutAt !== null) return { text: `${clock(e.checkedOutAt)} 签退`, tone: 'done' }
  if (e.checkedInAt !== null) return { text: `${clock(e.checkedInAt)} 签到`, tone: 'in' }
  return { text: '未签到', tone: 'none' }
}

/** The row's one button: the next step the server offers. The rest (记未到场, 拨打) are under 更多. */
const PRIMARY: { action: RosterEntry['actions'][number]; label: string }[] = [
  { action: 'check_in', label: '签到' },
  { action: 'check_out', label: '签退' },
  { action: 'confirm', label: '确认时长' },
]

function EntryRow({ activityId, entry: e, chosen, onToggle, onConfirm }: { activityId: number; entry: RosterEntry; chosen: boolean; onToggle: (() => void) | null; onConfirm: () => void }) {
  const act = useSignupAction(activityId)
  const ask = async (action: SignupAction) => {
    const answer = await Taro.showModal({ ...SIGNUP_ASKS[action](e.name), cancelText: '取消' })
    if (answer.confirm) act.mutate({ signupId: e.signupId, action })
  }
  const run = (action: RosterEntry['actions'][number]) => (action === 'confirm' ? onConfirm() : void ask(action))
  // The buttons are the server's `actions` for this sign-up now.
  const primary = PRIMARY.find((p) => e.actions.includes(p.action)) ?? null
  const more: { label: string; run: () => void }[] = [
    ...(e.actions.includes('no_show') ? [{ label: '记为未到场', run: () => void ask('no_show') }] : []),
    ...(e.phone ? [{ label: `拨打 ${maskPhone(e.phone)}`, run: () => void Taro.makePhoneCall({ phoneNumber: e.phone! }).catch(() => undefined) }] : []),
  ]
  const openMore = async () => {
    try {
      const { tapIndex } = await Taro.showActionSheet({ itemList: more.map((m) => m.label) })
      more[tapIndex]?.run()
    } catch {
      // Closed without a choice.
    }
  }
  const state = stateOf(e)
  const hours = e.confirmedHours ?? e.computedHours
  return (
    <View className={`roster-entry roster-entry--${e.status}${chosen ? ' roster-entry--chosen' : ''}`}>
      <View className='roster-entry__pick' role={onToggle ? 'checkbox' : undefined} ariaLabel={onToggle ? `选择${e.name}${chosen ? '，已选中' : ''}` : undefined} onClick={onToggle ?? undefined}>
        <View className={`roster-check${chosen ? ' roster-check--on' : ''}${onToggle ? '' : ' roster-check--off'}`}>{chosen ? '✓' : ''}</View>
        <View className='roster-entry__name'>{e.name}</View>
      </View>
      <View className={`roster-entry__state roster-entry__state--${state.tone}`}>{state.text}</View>
      <View className='roster-entry__hours'>{hours !== null ? formatHours(hours) : ''}</View>
      <View className='roster-entry__actions'>
        {primary ? (
          <Button size='small' type='primary' className={`roster-entry__act roster-entry__act--${primary.action}`} disabled={act.isPending} onClick={() => run(primary.action)}>
            {primary.label}
          </Button>
        ) : null}
        {more.length ? (
          <Button size='small' className='roster-entry__more' ariaLabel={`${e.name}的更多操作`} disabled={act.isPending} onClick={() => void openMore()}>
            更多
          </Button>
        ) : null}
      </View>
    </View>
  )
}

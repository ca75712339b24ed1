import { useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button, Skeleton } from '@nutui/nutui-react-taro'
import { Switch } from '../../../components/switch'
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query'
import type { CreateBookingRequest, GridDay, Room, RoomRules, RoomWeek, Slot } from '../../../../types/api/booking'
import { BOOKING_PURPOSE_MAX } from '../../../../types/api/labels'
import { addDays, chinaDate, weekdayLabel } from '../../../../types/time'
import { EmptyState } from '../../../components/empty-state'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { TextArea } from '../../../components/text-area'
import { TextField } from '../../../components/text-field'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { useReminderSubscription } from '../../../hooks/use-reminder-subscription'
import { bookingKeys, createBooking, getRoomWeek } from '../../../services/booking'
import { ApiError } from '../../../services/http'
import { now } from '../../../utils/clock'
import { fieldErrorsOf } from '../../../utils/field-errors'
import { goToLogin } from '../../../utils/navigation'
import { bookingLength, clockOf, formatBookingTime, formatMinutes, shortDate, SLOT_STATE_LABELS, slotLabel, slotRefusal, stripDate } from '../format'
import { DayKindTag, RulesCard } from '../parts'
import { selectedCells, selectedPeriod, tapCell, type Selection } from '../selection'
import { bookingDetailUrl } from '../urls'
import '../../../components/form.scss'
import './index.scss'

type Field = 'purpose' | 'attendees'
const FIELD_OF: Record<string, Field> = { purpose: 'purpose', attendees: 'attendees', BOOKING_CAPACITY_EXCEEDED: 'attendees' }
type Draft = { purpose: string; attendees: string; isPublic: boolean }

export default function RoomPage() {
  const { params } = useRouter()
  const id = Number(params.id)
  return (
    <PageShell>
      {Number.isInteger(id) && id > 0 ? <RoomBooking roomId={id} /> : <EmptyState title='找不到这个场地' description='链接可能不完整，请从阵地页进入' />}
    </PageShell>
  )
}

/** The cells a range is picked on: one day's slots for a room, the whole week's days for a tool. */
function trackOf(week: RoomWeek, day: GridDay): Slot[] {
  return week.room.kind === 'tool' ? week.days.flatMap((d) => d.slots) : day.slots
}

/** The day shown first: the first with a free cell, else the first not yet over. */
function defaultDay(week: RoomWeek): string {
  const open = week.days.find((d) => d.slots.some((s) => s.state === 'free')) ?? week.days.find((d) => d.slots.some((s) => s.state !== 'past'))
  return (open ?? week.days[0]!).date
}

/**
 * Whether the page, opening on `week`, moves on to the next one: nothing in it can be booked any more (all over,
 * inside the notice, taken) and the next week still has days inside the booking window, counted from `today`.
 * So the grid opens on the week of the next bookable day.
 */
export function opensOnALaterWeek(week: RoomWeek, today: string): boolean {
  if (week.days.some((d) => d.slots.some((s) => s.state === 'free'))) return false
  return addDays(week.weekStart, 7) <= addDays(today, week.room.rules.advanceDays)
}

/** Where the page scrolls once a slot is picked: the choice, what to do next, and the form. */
const BOOKING_ANCHOR = 'room-booking'
/** …and back to the week and its days, to pick again. */
const GRID_ANCHOR = 'room-grid'

function RoomBooking({ roomId }: { roomId: number }) {
  const queryClient = useQueryClient()
  // null: the current week, as the server counts it; the grid never goes back before it.
  const [date, setDate] = useState<string | null>(null)
  const [thisWeek, setThisWeek] = useState<string | null>(null)
  // Until the week to open on is found (see opensOnALaterWeek); a tap on 上一周/下一周 ends the search.
  const [opening, setOpening] = useState(true)
  const [day, setDay] = useState<string | null>(null)
  const [selection, setSelection] = useState<Selection | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [draft, setDraft] = useState<Draft>({ purpose: '', attendees: '', isPublic: false })
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({})
  const [other, setOther] = useState<string[]>([])
  const askForReminders = useReminderSubscription('booking_made')

  const week = useQuery({ queryKey: bookingKeys.week(roomId, date), queryFn: () => getRoomWeek(roomId, date), placeholderData: keepPreviousData })
  const today = chinaDate(now())
  const settling = opening && week.data !== undefined && (week.isPlaceholderData || opensOnALaterWeek(week.data, today))
  useEffect(() => {
    if (!week.data || week.isPlaceholderData) return
    if (date === null) setThisWeek(week.data.weekStart)
    if (!opening) return
    if (opensOnALaterWeek(week.data, today)) setDate(addDays(week.data.weekStart, 7))
    else setOpening(false)
  }, [date, week.data, week.isPlaceholderData, opening, today])
  // Once a slot is picked, the choice and the form come into view (the grid stays a swipe above).
  useEffect(() => {
    if (selection) void Taro.nextTick(() => void Taro.pageScrollTo({ selector: `#${BOOKING_ANCHOR}`, duration: 300 }).catch(() => undefined))
  }, [selection])
  usePullRefresh(() => week.refetch())

  const create = useIdempotentMutation({
    mutationFn: (body: CreateBookingRequest, key) => createBooking(body, key),
    onSuccess: (booking) => {
      queryClient.setQueryData(bookingKeys.detail(booking.id), booking)
      void queryClient.invalidateQueries({ queryKey: bookingKeys.all, predicate: (q) => !(q.queryKey[1] === 'detail' && q.queryKey[2] === booking.id) })
      void queryClient.invalidateQueries({ queryKey: ['events'] })
      void Taro.showToast({ title: booking.status === 'pending' ? '已提交，等待审核' : '已预约', icon: 'none', duration: 2500 })
      // The form is done with: back from the booking goes where the user came from.
      void Taro.redirectTo({ url: bookingDetailUrl(booking.id) })
    },
    onError: (err) => {
      // The app's mutation cache has said it in a Toast; here it stays on the page.
      const placed = fieldErrorsOf(err, FIELD_OF)
      setErrors(placed.fields)
      // The grid has moved on (someone else was faster, a closure, a suspension): show it as it is now.
      if (err instanceof ApiError && (err.status === 409 || err.status === 403)) {
        setSelection(null)
        setNotice(err.message)
        setOther([])
        void queryClient.invalidateQueries({ queryKey: bookingKeys.weeks(roomId) })
      } else {
        setOther(placed.other)
      }
    },
  })

  const goToWeek = (weekStart: string, by: number) => {
    setOpening(false)
    setDate(addDays(weekStart, by * 7))
    setDay(null)
    setSelection(null)
    setNotice(null)
  }

  return (
    <QueryView query={week} onLogin={goToLogin} skeletonRows={10}>
      {(w) => {
        if (settling) {
          return (
            <View className='query-view__loading' aria-busy='true'>
              <Skeleton rows={10} animated />
            </View>
          )
        }
        const shownDay = w.days.find((d) => d.date === day) ?? w.days.find((d) => d.date === defaultDay(w))!
        const track = trackOf(w, shownDay)
        const period = selectedPeriod(selection, track)
        const tool = w.room.kind === 'tool'
        const tap = (cell: Slot) => {
          if (!w.canBook || week.isPlaceholderData) return
          const result = tapCell(selection, track, cell, !tool, (c) => slotRefusal(c, w.room.rules, w.room.kind, w.days.find((d) => d.slots.includes(c))))
          setSelection(result.selection)
          setNotice(null)
          if (result.refusal) void Taro.showToast({ title: result.refusal, icon: 'none', duration: 2500 })
        }
        const submit = () => {
          if (!period) return
          const attendees = tool ? 1 : Number(draft.attendees.trim())
          if (!tool && !(draft.attendees.trim() && Number.isInteger(attendees))) {
            setErrors({ attendees: '请填写参加人数（整数）' })
            return
          }
          setErrors({})
          setOther([])
          // Still inside the tap, before anything is awaited: WeChat shows its dialog only from a tap.
          askForReminders()
          create.mutate({ roomId: w.room.id, ...period, purpose: draft.purpose.trim(), attendees, isPublic: tool ? false : draft.isPublic })
        }
        const prevAllowed = thisWeek !== null && w.weekStart > thisWeek
        return (
          <View>
            <RoomHeader room={w.room} stationName={w.stationName} />
            {!w.canBook ? <View className='booking-notice room-cannot-book'>{w.cannotBookReason ?? '暂时不能预约'}</View> : null}
            {notice ? <View className='booking-notice room-notice'>{notice}</View> : null}
            <View className='switcher' id={GRID_ANCHOR}>
              <Button size='small' className='tap-target' disabled={!prevAllowed} onClick={() => prevAllowed && goToWeek(w.weekStart, -1)}>
                上一周
              </Button>
              <View className='switcher__label'>
                {shortDate(w.weekStart)}–{shortDate(addDays(w.weekStart, 6))}
                {week.isPlaceholderData ? <View className='muted'>正在加载…</View> : null}
              </View>
              <Button size='small' className='tap-target' onClick={() => goToWeek(w.weekStart, 1)}>
                下一周
              </Button>
            </View>
            <Legend />
            {w.canBook && !period ? (
              <View className='muted room-how'>
                {tool ? '先点选领取的日子，再点选归还的日子（只借一天点一次即可）' : `先点选开始的时段，再点选结束的时段（只约${formatMinutes(w.room.rules.slotMinutes)}点一次即可）`}
              </View>
            ) : null}
            {w.days.every((d) => d.slots.length === 0) ? (
              <EmptyState title='这一周不开放预约' description='换一周看看' />
            ) : tool ? (
              <ToolDays week={w} selected={selectedCells(selection, track)} onTap={tap} />
            ) : (
              <>
                <DayStrip
                  days={w.days}
                  shown={shownDay.date}
                  onPick={(d) => {
                    setDay(d)
                    setSelection(null)
                  }}
                />
                <DayPanel day={shownDay} selected={selectedCells(selection, track)} onTap={tap} rules={w.room.rules} />
              </>
            )}
            <View id={BOOKING_ANCHOR}>
              {period ? (
                <View className='card room-summary'>
                  <View className='booking-card-title'>已选</View>
                  <View className='room-summary__time'>
                    {formatBookingTime(period.startsAt, period.endsAt, w.room.kind)}（{bookingLength(period.startsAt, period.endsAt)}）
                  </View>
                  <View className='room-summary__next'>
                    {selection?.end === null
                      ? tool
                        ? '要多借几天：在上方再点选归还的日子。'
                        : '要约更长时间：在上方再点选结束的时段。'
                      : '要改时间：在上方重新点选。'}
                    {w.canBook ? '确认无误，请在下面填写预约信息。' : ''}
                  </View>
                  <View className='room-summary__back tap-target' onClick={() => void Taro.pageScrollTo({ selector: `#${GRID_ANCHOR}`, duration: 300 }).catch(() => undefined)}>
                    ↑ 回到上方改选
                  </View>
                </View>
              ) : null}
              {period && w.canBook ? (
                <BookingForm
                room={w.room}
                draft={draft}
                errors={errors}
                other={other}
                pending={create.isPending}
                onChange={(patch) => {
                  setDraft((d) => ({ ...d, ...patch }))
                  setErrors((e) => ({ ...e, ...Object.fromEntries(Object.keys(patch).map((k) => [k, undefined])) }))
                }}
                onSubmit={submit}
                />
              ) : null}
            </View>
            <RulesCard rules={w.room.rules} kind={w.room.kind} />
          </View>
        )
      }}
    </QueryView>
  )
}

function RoomHeader({ room, stationName }: { room: Room; stationName: string }) {
  return (
    <View className='card room-head'>
      <View className='room-head__title'>
        <View className='room-head__name'>{room.name}</View>
        <View className={`room-tag room-tag--${room.rules.requiresApproval ? 'approval' : 'instant'}`}>{room.rules.requiresApproval ? '需审核' : '即时确认'}</View>
      </View>
      <View className='muted'>{stationName}</View>
      <View>{room.kind === 'tool' ? '共享工具 · 按天借用' : `${room.category} · 容纳${room.capacity}人`}</View>
      {room.facilities.length ? <View className='muted'>设施：{room.facilities.join('、')}</View> : null}
      {room.description ? <View className='muted'>{room.description}</View> : null}
    </View>
  )
}

function Legend() {
  return (
    <View className='slot-legend'>
      {(['free', 'taken', 'mine', 'closed', 'past'] as const).map((s) => (
        <View key={s} className={`slot-legend__item slot--${s}`}>
          {SLOT_STATE_LABELS[s]}
        </View>
      ))}
    </View>
  )
}

/** What a day of the strip says under its date. */
function dayStatus(day: GridDay): string {
  if (!day.hours) return '闭馆'
  if (day.closure && day.slots.every((s) => s.state !== 'free')) return '临时关闭'
  const free = day.slots.filter((s) => s.state === 'free').length
  if (free > 0) return `可约${free}段`
  if (day.slots.length > 0 && day.slots.every((s) => s.state === 'past')) return '已过'
  return '约满'
}

/** The seven days, all in sight: four to a row, so nothing hides off-screen and 长辈模式's type still fits. */
function DayStrip({ days, shown, onPick }: { days: GridDay[]; shown: string; onPick: (date: string) => void }) {
  return (
    <View className='day-strip'>
      {days.map((d) => (
        <View key={d.date} className={`day-tab tap-target${d.date === shown ? ' day-tab--shown' : ''}${d.hours ? '' : ' day-tab--closed'}`} onClick={() => onPick(d.date)}>
          <View className='day-tab__weekday'>{weekdayLabel(d.date)}</View>
          <View className='day-tab__date'>{stripDate(d.date)}</View>
          <View className='day-tab__status'>{dayStatus(d)}</View>
          <DayKindTag day={d} />
        </View>
      ))}
    </View>
  )
}

function cellClass(cell: Slot, selected: Slot[]): string {
  const picked = selected.some((s) => s.startsAt === cell.startsAt)
  return `slot slot--${cell.state}${picked ? ' slot--selected' : ''}`
}

function cellLabel(cell: Slot, selected: Slot[], rules: RoomRules, kind: Room['kind']): string {
  if (selected[0]?.startsAt === cell.startsAt) return '开始'
  if (selected.some((s) => s.startsAt === cell.startsAt)) return '已选'
  return slotLabel(cell, rules, kind)
}

function DayPanel({ day, selected, onTap, rules }: { day: GridDay; selected: Slot[]; onTap: (cell: Slot) => void; rules: RoomRules }) {
  return (
    <View className='card day-panel'>
      <View className='day-panel__head'>
        <View className='day-panel__date'>
          {shortDate(day.date)} {weekdayLabel(day.date)}
        </View>
        <DayKindTag day={day} />
      </View>
      <View className='muted day-panel__hours'>{day.hours ? `开放时间 ${day.hours}` : '闭馆'}</View>
      {day.closure ? <View className='day-panel__closure'>临时关闭：{day.closure}</View> : null}
      {day.slots.length ? (
        <View className='slot-grid'>
          {day.slots.map((cell) => (
            <View key={cell.startsAt} className={`${cellClass(cell, selected)} tap-target`} onClick={() => onTap(cell)}>
              <View className='slot__time'>
                {clockOf(cell.startsAt)}
                <View className='slot__end'>–{clockOf(cell.endsAt)}</View>
              </View>
              <View className='slot__state'>{cellLabel(cell, selected, rules, 'room')}</View>
            </View>
          ))}
        </View>
      ) : (
        <View className='muted day-panel__none'>这一天没有可预约的时段</View>
      )}
    </View>
  )
}

/** A tool is lent by the day: the week is one list of days, picked from the day it is fetched to the day it is returned. */
function ToolDays({ week, selected, onTap }: { week: RoomWeek; selected: Slot[]; onTap: (cell: Slot) => void }) {
  return (
    <View className='tool-days'>
      {week.days.map((d) => {
        const cell = d.slots[0]
        const inner = (
          <>
            <View className='tool-day__date'>
              <View className='tool-day__name'>
                {shortDate(d.date)} {weekdayLabel(d.date)}
              </View>
              <DayKindTag day={d} />
            </View>
            <View className='muted'>{d.hours ? `开放时间 ${d.hours}` : '闭馆'}</View>
            {d.closure ? <View className='day-panel__closure'>临时关闭：{d.closure}</View> : null}
          </>
        )
        return cell ? (
          <View key={d.date} className={`${cellClass(cell, selected)} tool-day tap-target`} onClick={() => onTap(cell)}>
            <View className='tool-day__info'>{inner}</View>
            <View className='slot__state'>{cellLabel(cell, selected, week.room.rules, 'tool')}</View>
          </View>
        ) : (
          <View key={d.date} className='tool-day tool-day--none'>
            <View className='tool-day__info'>{inner}</View>
          </View>
        )
      })}
    </View>
  )
}

function BookingForm({
  room,
  draft,
  errors,
  other,
  pending,
  onChange,
  onSubmit,
}: {
  room: Room
  draft: Draft
  errors: Partial<Record<Field, string>>
  other: string[]
  pending: boolean
  onChange: (patch: Partial<Draft>) => void
  onSubmit: () => void
}) {
  const tool = room.kind === 'tool'
  return (
    <View className='card booking-form'>
      <View className='booking-card-title'>填写预约信息</View>
      <View className='field__label'>用途</View>
      <TextArea value={draft.purpose} placeholder={tool ? '例如：家里换灯泡' : '例如：老年书法小组练字'} label='用途' maxLength={BOOKING_PURPOSE_MAX} onChange={(purpose) => onChange({ purpose })} />
      {errors.purpose ? <View className='form-error form-error--purpose'>{errors.purpose}</View> : null}
      {tool ? null : (
        <>
          <View className='field__label'>参加人数</View>
          <TextField value={draft.attendees} type='number' placeholder={`最多${room.capacity}人`} label='参加人数' maxLength={5} onChange={(attendees) => onChange({ attendees })} />
          <View className='field__hint'>这个场地最多容纳{room.capacity}人</View>
          {errors.attendees ? <View className='form-error form-error--attendees'>{errors.attendees}</View> : null}
          <View className='booking-form__public'>
            <View className='booking-form__public-text'>
              <View className='field__label'>公开到活动预告</View>
              <View className='field__hint'>公开后，用途和时间会显示在阵地的活动预告里，邻居都能看到</View>
            </View>
            <Switch checked={draft.isPublic} onChange={(isPublic: boolean) => onChange({ isPublic })} aria-label='公开到活动预告' />
          </View>
        </>
      )}
      {other.map((message) => (
        <View key={message} className='form-error booking-form__error'>
          {message}
        </View>
      ))}
      <Button type='primary' block className='tap-target booking-form__submit' disabled={pending} onClick={onSubmit}>
        {pending ? '正在提交…' : room.rules.requiresApproval ? '提交预约申请' : '确认预约'}
      </Button>
    </View>
  )
}

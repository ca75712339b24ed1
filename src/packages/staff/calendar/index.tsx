import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Picker, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { CalendarDay, CalendarDayKind } from '../../../../types/api/org'
import { DAY_KIND_LABELS } from '../../../../types/api/labels'
import { weekdayLabel } from '../../../../types/time'
import { CalendarNotice } from '../../../components/calendar-notice'
import { ChoiceButtons } from '../../../components/choice-buttons'
import { EmptyState } from '../../../components/empty-state'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { TextField } from '../../../components/text-field'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { useMe } from '../../../hooks/use-me'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { ApiError, NETWORK_ERROR_MESSAGE } from '../../../services/http'
import { orgKeys } from '../../../services/org'
import { refreshAfterStaffWrite } from '../../../services/staff/booking'
import { deleteCalendarDay, listCalendar, putCalendarDay } from '../../../services/staff/org'
import { formatDate, todayInChina } from '../../../utils/format'
import { goToLogin } from '../../../utils/navigation'
import { formatDayWithWeekday } from '../booking-parts'
import { chinaNow } from '../../../utils/clock'
import './index.scss'

/** The calendar's two kinds, named as the opening hours name them (DAY_KIND_LABELS). */
const KIND_LABELS: Record<CalendarDayKind, string> = { holiday: DAY_KIND_LABELS.holiday, workday: DAY_KIND_LABELS.makeup_workday }
const KIND_OPTIONS = (['holiday', 'workday'] as const).map((k) => ({ value: k, label: KIND_LABELS[k] }))
const NAME_MAX = 20

export default function AdminCalendarPage() {
  const me = useMe()
  return (
    <PageShell>
      <QueryView query={me} onLogin={goToLogin}>
        {(profile) =>
          profile.roles.includes('admin') ? (
            <CalendarAdmin />
          ) : (
            <EmptyState title='仅限管理员使用' description='法定节假日和调休上班日由管理员统一设置，全区的阵地都按它开放' />
          )
        }
      </QueryView>
    </PageShell>
  )
}

type Draft = { day: string; kind: CalendarDayKind; name: string }

function CalendarAdmin() {
  const queryClient = useQueryClient()
  const [year, setYear] = useState(() => chinaNow().year())
  const days = useQuery({ queryKey: orgKeys.calendarYear(year), queryFn: () => listCalendar(year) })
  usePullRefresh(() => days.refetch())
  const [draft, setDraft] = useState<Draft>(() => ({ day: todayInChina(), kind: 'holiday', name: '' }))
  const [message, setMessage] = useState<string | null>(null)
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: orgKeys.calendar })
    // Opening hours of every station follow the calendar.
    refreshAfterStaffWrite(queryClient)
  }

  const save = useIdempotentMutation({
    mutationFn: (d: Draft, key) => putCalendarDay(d.day, { kind: d.kind, name: d.name }, key),
    action: (d) => `put:${JSON.stringify(d)}`,
    onSuccess: (saved) => {
      queryClient.setQueryData<CalendarDay[]>(orgKeys.calendarYear(Number(saved.day.slice(0, 4))), (list) =>
        list ? [...list.filter((d) => d.day !== saved.day), saved].sort((a, b) => (a.day < b.day ? -1 : 1)) : list,
      )
      setYear(Number(saved.day.slice(0, 4)))
      setDraft((d) => ({ ...d, name: '' }))
      refresh()
      void Taro.showToast({ title: `已设置${formatDayWithWeekday(saved.day)}为${KIND_LABELS[saved.kind]}`, icon: 'none', duration: 2500 })
    },
  })
  const remove = useIdempotentMutation({
    mutationFn: (d: CalendarDay, key) => deleteCalendarDay(d.day, key),
    action: (d) => `delete:${d.day}`,
    onSuccess: ({ restored }, removed) => {
      queryClient.setQueryData<CalendarDay[]>(orgKeys.calendarYear(Number(removed.day.slice(0, 4))), (list) =>
        list?.flatMap((d) => (d.day !== removed.day ? [d] : restored ? [restored] : [])),
      )
      refresh()
      void Taro.showToast({ title: restored ? '已恢复国务院公布的安排' : '已删除，这一天按星期几开放', icon: 'none', duration: 2500 })
    },
    onError: (err) => void Taro.showToast({ title: err instanceof ApiError ? err.message : NETWORK_ERROR_MESSAGE, icon: 'none', duration: 3000 }),
  })
  const serverMessage = save.error instanceof ApiError ? (save.error.details?.[0]?.message ?? save.error.message) : null

  const submit = () => {
    if (draft.name.trim().length > NAME_MAX) return setMessage(`名称最多${NAME_MAX}个字`)
    setMessage(null)
    save.mutate({ ...draft, name: draft.name.trim() })
  }
  const askRemove = async (d: CalendarDay) => {
    const what = `${formatDate(d.day)}（${d.name || KIND_LABELS[d.kind]}）`
    const answer = await Taro.showModal({
      title: d.overrides ? '恢复官方安排' : '删除这一天',
      content: d.overrides
        ? `${what}将不再按本区的设置，恢复为国务院公布的${KIND_LABELS[d.overrides.kind]}${d.overrides.name ? `（${d.overrides.name}）` : ''}。`
        : `删除后${what}不再按${KIND_LABELS[d.kind]}安排，按星期几正常开放。`,
      confirmText: d.overrides ? '恢复' : '删除',
      cancelText: '取消',
    })
    if (answer.confirm) remove.mutate(d)
  }
  const listed = days.data?.find((d) => d.day === draft.day)

  return (
    <View>
      <CalendarNotice />
      <View className='card calendar-rule'>
        节假日全天开放（按周末时间），调休上班日按工作日时间开放。国务院公布的安排由系统自动更新；本区另有安排的，可以逐日设置。
      </View>

      <View className='card calendar-form'>
        <View className='calendar-form__title'>新增或修改一天</View>
        <View className='field__label'>日期</View>
        <Picker mode='date' value={draft.day} onChange={(e) => setDraft((d) => ({ ...d, day: String(e.detail.value) }))}>
          <View className='calendar-form__date tap-target' ariaLabel='日期'>
            {formatDate(draft.day)} {weekdayLabel(draft.day)}
          </View>
        </Picker>
        {listed ? (
          <View className='field__hint'>
            {listed.source === 'official' ? '国务院公布这一天为' : '这一天已设为'}
            {KIND_LABELS[listed.kind]}
            {listed.name ? `（${listed.name}）` : ''}
            {listed.source === 'official' ? '，保存将以本区的设置代替它' : '，保存将修改它'}
          </View>
        ) : null}
        <View className='field__label'>类型</View>
        <ChoiceButtons options={KIND_OPTIONS} value={draft.kind} onChange={(kind) => setDraft((d) => ({ ...d, kind }))} />
        <View className='field__label'>名称（可不填）</View>
        <TextField value={draft.name} placeholder='例如：国庆节' label='名称' maxLength={NAME_MAX + 10} onChange={(name) => setDraft((d) => ({ ...d, name }))} />
        {message || serverMessage ? <View className='form-error'>{message ?? serverMessage}</View> : null}
        <Button type='primary' block className='tap-target' disabled={save.isPending} onClick={submit}>
          {save.isPending ? '正在保存…' : '保存'}
        </Button>
      </View>

      <View className='calendar-years'>
        <Button className='tap-target' onClick={() => setYear((y) => y - 1)}>
          上一年
        </Button>
        <View className='calendar-years__label'>{year}年</View>
        <Button className='tap-target' onClick={() => setYear((y) => y + 1)}>
          下一年
        </Button>
      </View>
      <QueryView
        query={days}
        isEmpty={(list) => list.length === 0}
        empty={<EmptyState title={`${year}年还没有设置`} description='没有设置的日子按星期几开放：周一至周五按工作日，周六、周日按周末' />}
      >
        {(list) => (
          <View className='card calendar-list'>
            {[...list]
              .sort((a, b) => (a.day < b.day ? -1 : 1))
              .map((d) => (
                <View key={d.day} className='calendar-day'>
                  <View className='calendar-day__facts'>
                    <View className='calendar-day__date'>{formatDayWithWeekday(d.day)}</View>
                    <View className='calendar-day__what'>
                      <View className={`tag ${d.kind === 'holiday' ? 'tag--warn' : 'tag--info'}`}>{KIND_LABELS[d.kind]}</View>
                      {d.name ? <View className='calendar-day__name'>{d.name}</View> : null}
                      <View className='calendar-day__source'>{d.source === 'official' ? '国务院公布' : '本区设置'}</View>
                    </View>
                    {d.overrides ? (
                      <View className='calendar-day__overrides'>
                        代替国务院公布的{KIND_LABELS[d.overrides.kind]}
                        {d.overrides.name ? `（${d.overrides.name}）` : ''}
                      </View>
                    ) : null}
                  </View>
                  <Button
                    size='small'
                    className='tap-target calendar-day__edit'
                    onClick={() => {
                      setDraft({ day: d.day, kind: d.kind, name: d.name })
                      // The form is above the list.
                      void Taro.pageScrollTo({ scrollTop: 0, duration: 300 }).catch(() => undefined)
                    }}
                  >
                    修改
                  </Button>
                  {d.source === 'admin' ? (
                    <Button size='small' className='tap-target calendar-day__remove' disabled={remove.isPending} onClick={() => void askRemove(d)}>
                      {d.overrides ? '恢复' : '删除'}
                    </Button>
                  ) : null}
                </View>
              ))}
          </View>
        )}
      </QueryView>
    </View>
  )
}

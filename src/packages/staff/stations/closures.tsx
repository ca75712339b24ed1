import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Picker, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { Closure, Room, Station } from '../../../../types/api/booking'
import { addDays, chinaTime } from '../../../../types/time'
import { EmptyState } from '../../../components/empty-state'
import { QueryView } from '../../../components/query-view'
import { TextField } from '../../../components/text-field'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { staffBookingKeys, createClosure, deleteClosure, listClosures, refreshAfterStaffWrite, type ClosureInput } from '../../../services/staff/booking'
import { ApiError } from '../../../services/http'
import { formatDate, todayInChina } from '../../../utils/format'
import { BOOKING_REASON_LIMITS } from '../booking-parts'

type Moment = { date: string; time: string }

const instant = (m: Moment) => `${m.date}T${m.time}:00+08:00`
/** 2026年11月6日 08:00 */
const momentLabel = (m: Moment) => `${formatDate(m.date)} ${m.time}`
/** A closure's span as staff read it: 11月6日 08:00 至 11月7日 20:00. */
function closureSpan(c: Pick<Closure, 'startsAt' | 'endsAt'>): string {
  return `${chinaTime(c.startsAt).format('M月D日 HH:mm')} 至 ${chinaTime(c.endsAt).format('M月D日 HH:mm')}`
}

/** A room's upcoming closures; a new one cancels the bookings inside it (the server says how many). */
export function Closures({ station, room, onBack }: { station: Station; room: Room; onBack: () => void }) {
  const queryClient = useQueryClient()
  const closures = useQuery({ queryKey: staffBookingKeys.closures(room.id), queryFn: () => listClosures(room.id) })
  const remove = useIdempotentMutation({
    mutationFn: (c: Closure, key) => deleteClosure(c.id, key),
    action: (c) => `delete:${c.id}`,
    onSuccess: (_data, c) => {
      queryClient.setQueryData<Closure[]>(staffBookingKeys.closures(room.id), (list) => list?.filter((x) => x.id !== c.id))
      refreshAfterStaffWrite(queryClient)
      void Taro.showToast({ title: '已取消临时关闭，可以重新预约', icon: 'none', duration: 2500 })
    },
  })
  const askRemove = async (c: Closure) => {
    const answer = await Taro.showModal({
      title: '取消临时关闭',
      content: `${closureSpan(c)}（${c.reason}）将恢复开放，居民可以重新预约。已取消的预约不会恢复。`,
      confirmText: '恢复开放',
      cancelText: '再想想',
    })
    if (answer.confirm) remove.mutate(c)
  }

  return (
    <View className='closures'>
      <View className='card closures__head'>
        <View className='closures__title'>临时关闭「{room.name}」</View>
        <View className='muted'>{station.name}</View>
        <View className='field__hint'>装修、停电、社区自用等情况下，可让场地在一段时间内不接受预约。</View>
      </View>
      <View className='section-title'>即将到来的关闭安排</View>
      <QueryView query={closures} skeletonRows={2} isEmpty={(list) => list.length === 0} empty={<EmptyState title='没有关闭安排' description='场地按开放时间正常接受预约' />}>
        {(list) => (
          <View>
            {list.map((c) => (
              <View key={c.id} className='card closure'>
                <View className='closure__span'>{closureSpan(c)}</View>
                <View className='muted'>原因：{c.reason}</View>
                <Button size='small' className='tap-target closure__remove' disabled={remove.isPending} onClick={() => void askRemove(c)}>
                  取消关闭
                </Button>
              </View>
            ))}
          </View>
        )}
      </QueryView>
      <ClosureForm room={room} />
      <Button block className='tap-target' onClick={onBack}>
        返回
      </Button>
    </View>
  )
}

function ClosureForm({ room }: { room: Room }) {
  const queryClient = useQueryClient()
  const tomorrow = addDays(todayInChina(), 1)
  const [start, setStart] = useState<Moment>({ date: tomorrow, time: '08:00' })
  const [end, setEnd] = useState<Moment>({ date: tomorrow, time: '20:00' })
  const [reason, setReason] = useState('')
  const [message, setMessage] = useState<string | null>(null)
  const [result, setResult] = useState<string | null>(null)
  const action = (input: ClosureInput) => JSON.stringify([room.id, input])
  const create = useIdempotentMutation({
    mutationFn: (input: ClosureInput, key) => createClosure(room.id, input, key),
    action,
    onSuccess: (created) => {
      const text = `已设置临时关闭，已取消${created.cancelledBookings}个预约`
      setResult(text)
      setReason('')
      refreshAfterStaffWrite(queryClient)
      void Taro.showToast({ title: `已取消${created.cancelledBookings}个预约`, icon: 'none', duration: 2500 })
    },
  })
  const serverMessage = create.error instanceof ApiError ? (create.error.details?.[0]?.message ?? create.error.message) : null

  const submit = async () => {
    setResult(null)
    if (instant(end) <= instant(start)) return setMessage('结束时间应晚于开始时间')
    const n = reason.trim().length
    if (n < BOOKING_REASON_LIMITS.min) return setMessage('请写明关闭原因（至少2个字）')
    if (n > BOOKING_REASON_LIMITS.max) return setMessage(`原因最多${BOOKING_REASON_LIMITS.max}个字`)
    setMessage(null)
    const answer = await Taro.showModal({
      title: '临时关闭场地',
      content: `${momentLabel(start)} 至 ${momentLabel(end)}「${room.name}」不接受预约。这段时间内已有的预约将被取消，预约人会看到原因。`,
      confirmText: '确认关闭',
      cancelText: '再想想',
    })
    if (answer.confirm) create.mutate({ startsAt: instant(start), endsAt: instant(end), reason: reason.trim() })
  }

  const moment = (label: string, value: Moment, onChange: (m: Moment) => void) => (
    <>
      <View className='field__label'>{label}</View>
      <View className='closure-form__moment'>
        <Picker mode='date' value={value.date} onChange={(e) => onChange({ ...value, date: String(e.detail.value) })}>
          <View className='closure-form__value tap-target' ariaLabel={`${label}日期`}>
            {formatDate(value.date)}
          </View>
        </Picker>
        <Picker mode='time' value={value.time} onChange={(e) => onChange({ ...value, time: String(e.detail.value) })}>
          <View className='closure-form__value tap-target' ariaLabel={`${label}时间`}>
            {value.time}
          </View>
        </Picker>
      </View>
    </>
  )

  return (
    <View className='card closure-form'>
      <View className='closure-form__title'>新增临时关闭</View>
      {moment('开始', start, setStart)}
      {moment('结束', end, setEnd)}
      <View className='field__label'>原因</View>
      <TextField value={reason} placeholder='例如：线路检修停电' label='关闭原因' maxLength={BOOKING_REASON_LIMITS.max + 20} onChange={setReason} />
      {message || serverMessage ? <View className='form-error'>{message ?? serverMessage}</View> : null}
      {result ? <View className='closure-form__result'>{result}</View> : null}
      <Button type='primary' block className='tap-target' disabled={create.isPending} onClick={() => void submit()}>
        {create.isPending ? '正在提交…' : '临时关闭'}
      </Button>
    </View>
  )
}

import { useState, type ReactNode } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { Booking } from '../../../../types/api/booking'
import type { BookingStatus } from '../../../../types/api/labels'
import { maskPhone } from '../../../../types/phone'
import { EmptyState } from '../../../components/empty-state'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { TextField } from '../../../components/text-field'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { bookingKeys, cancelBooking, checkIn, getBooking } from '../../../services/booking'
import { ApiError, NETWORK_ERROR_MESSAGE } from '../../../services/http'
import { formatDateTime } from '../../../utils/format'
import { goTo, goToLogin } from '../../../utils/navigation'
import { bookingLength, formatBookingTime } from '../format'
import { BookingStatusBadge } from '../../../components/booking-status-badge'
import { bookingDetailUrl, roomUrl, stationUrl } from '../urls'
import '../../../components/form.scss'
import './index.scss'

/** What the status means for the booker. */
const STATUS_HINTS: Record<BookingStatus, string> = {
  pending: '等待社区审核，审核结果会显示在这里',
  confirmed: '预约成功，请按时到场',
  rejected: '社区没有通过这个预约',
  cancelled: '预约已取消',
  checked_in: '已签到，祝您使用愉快',
  no_show: '开始后没有签到，已记为爽约',
}

/** Once its time is over (the server's phase), a booking still waiting says what became of it instead. */
const ENDED_HINTS: Partial<Record<BookingStatus, string>> = {
  pending: '预约时间已过，社区没有审核这个预约',
  confirmed: '预约时间已过，没有签到记录',
  checked_in: '已签到，预约已结束',
}

export default function BookingDetailPage() {
  const { params } = useRouter()
  const id = Number(params.id)
  return (
    <PageShell>
      {Number.isInteger(id) && id > 0 ? <BookingDetail id={id} /> : <EmptyState title='找不到这个预约' description='链接可能不完整，请从我的预约进入' />}
    </PageShell>
  )
}

function BookingDetail({ id }: { id: number }) {
  const booking = useQuery({ queryKey: bookingKeys.detail(id), queryFn: () => getBooking(id) })
  usePullRefresh(() => booking.refetch())
  return (
    <QueryView query={booking} onLogin={goToLogin} skeletonRows={8}>
      {(b) => (
        <View>
          <Main booking={b} />
          <Place booking={b} />
          <Actions booking={b} />
        </View>
      )}
    </QueryView>
  )
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <View className='booking-facts__row'>
      <View className='booking-facts__label'>{label}</View>
      <View className='booking-facts__value'>{children}</View>
    </View>
  )
}

function Main({ booking: b }: { booking: Booking }) {
  const tool = b.room.kind === 'tool'
  const ended = b.phase === 'ended'
  return (
    <View className='card booking-main'>
      <View className='booking-main__head'>
        <View className='booking-main__room'>{b.room.name}</View>
        <BookingStatusBadge booking={b} />
      </View>
      <View className='muted booking-main__hint'>{ended ? ENDED_HINTS[b.status] ?? STATUS_HINTS[b.status] : STATUS_HINTS[b.status]}</View>
      {b.status === 'confirmed' && !ended ? <View className='booking-hint booking-main__check-in'>到场后扫描场地门口的签到码签到</View> : null}
      {b.status === 'rejected' && b.rejectReason ? <View className='booking-notice booking-main__reason'>未通过原因：{b.rejectReason}</View> : null}
      {b.status === 'cancelled' && b.cancelReason ? <View className='booking-notice booking-main__reason'>取消原因：{b.cancelReason}</View> : null}
      <View className='booking-facts'>
        <Fact label='时间'>
          {formatBookingTime(b.startsAt, b.endsAt, b.room.kind)}（{bookingLength(b.startsAt, b.endsAt)}）
        </Fact>
        <Fact label='用途'>{b.purpose}</Fact>
        {tool ? null : <Fact label='人数'>{b.attendees}人</Fact>}
        {tool ? null : <Fact label='活动预告'>{b.isPublic ? '公开' : '不公开'}</Fact>}
        {/* A person's number is printed masked, as on 我的; the station's office line below is public. */}
        <Fact label='预约人'>
          {b.bookerName}
          {b.bookerPhone ? ` ${maskPhone(b.bookerPhone)}` : ''}
        </Fact>
        <Fact label='提交时间'>{formatDateTime(b.createdAt)}</Fact>
        {b.checkedInAt ? <Fact label='签到时间'>{formatDateTime(b.checkedInAt)}</Fact> : null}
        {b.actions.includes('cancel') ? <Fact label='取消期限'>{formatDateTime(b.cancelDeadline)}前可自行取消</Fact> : null}
      </View>
    </View>
  )
}

function Place({ booking: b }: { booking: Booking }) {
  const phone = b.station.phone
  return (
    <View className='card booking-place'>
      <View className='booking-card-title'>地点</View>
      <View className='booking-place__station tap-target' onClick={() => goTo(stationUrl(b.station.id))}>
        {b.station.name} ›
      </View>
      <View>地址：{b.station.address}</View>
      <View className='booking-place__links'>
        <Button className='tap-target' onClick={() => goTo(roomUrl(b.room.id))}>
          {b.room.kind === 'tool' ? '再借一次' : '再约一次'}
        </Button>
        {phone ? (
          <Button className='tap-target booking-place__call' onClick={() => void Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined)}>
            拨打电话
          </Button>
        ) : null}
      </View>
      {phone ? <View className='muted'>电话：{phone}</View> : null}
    </View>
  )
}

function errorMessage(err: unknown): string {
  return err instanceof ApiError ? err.message : NETWORK_ERROR_MESSAGE
}

/** The buttons the server offers (`actions`): 取消预约 with an optional reason, and 扫码签到. */
function Actions({ booking }: { booking: Booking }) {
  const queryClient = useQueryClient()
  const [cancelling, setCancelling] = useState(false)
  const [reason, setReason] = useState('')
  const done = (b: Booking, message: string) => {
    queryClient.setQueryData(bookingKeys.detail(b.id), b)
    void queryClient.invalidateQueries({ queryKey: bookingKeys.all, predicate: (q) => !(q.queryKey[1] === 'detail' && q.queryKey[2] === b.id) })
    void queryClient.invalidateQueries({ queryKey: ['events'] })
    void Taro.showToast({ title: message, icon: 'none', duration: 2500 })
  }
  // When the server says the booking has moved on, show it as it is now.
  const refreshOnConflict = () => [bookingKeys.detail(booking.id)]
  const cancel = useIdempotentMutation({
    mutationFn: (r: string, key) => cancelBooking(booking.id, r, key),
    action: (r) => `cancel:${booking.id}:${r}`,
    onSuccess: (b) => {
      setCancelling(false)
      done(b, '已取消预约')
    },
    refreshOnConflict,
  })
  const checkin = useIdempotentMutation({
    mutationFn: (code: string, key) => checkIn(code, key),
    action: (code) => `check-in:${code}`,
    onSuccess: (b) => {
      done(b, '签到成功')
      // The code at another room's door checks in that booking: show it.
      if (b.id !== booking.id) void Taro.redirectTo({ url: bookingDetailUrl(b.id) })
    },
    refreshOnConflict,
  })
  const failed = [cancel, checkin].find((m) => m.isError)

  const askCancel = async () => {
    const answer = await Taro.showModal({ title: '取消预约', content: '确定要取消这个预约吗？取消后时段会让给其他居民。', confirmText: '确认取消', cancelText: '再想想' })
    if (answer.confirm) cancel.mutate(reason.trim())
  }
  const scan = async () => {
    let code: string
    try {
      code = (await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })).result
    } catch (err) {
      const message = (err as { errMsg?: string } | undefined)?.errMsg ?? ''
      if (!message.includes('cancel')) void Taro.showToast({ title: '无法打开扫码，请联系现场工作人员签到', icon: 'none', duration: 2500 })
      return
    }
    checkin.mutate(code)
  }

  const has = (a: Booking['actions'][number]) => booking.actions.includes(a)
  if (!has('cancel') && !has('check_in') && !failed) return null
  return (
    <View className='booking-actions'>
      {failed ? <View className='booking-notice booking-actions__error'>{errorMessage(failed.error)}</View> : null}
      {has('check_in') ? (
        <Button type='primary' block className='tap-target booking-actions__check-in' disabled={checkin.isPending} onClick={() => void scan()}>
          {checkin.isPending ? '正在签到…' : '扫码签到'}
        </Button>
      ) : null}
      {has('cancel') && !cancelling ? (
        <Button block className='tap-target booking-actions__cancel' onClick={() => setCancelling(true)}>
          取消预约
        </Button>
      ) : null}
      {has('cancel') && cancelling ? (
        <View className='card booking-cancel'>
          <View className='booking-card-title'>取消预约</View>
          <View className='field__label'>取消原因（选填）</View>
          <TextField value={reason} placeholder='例如：临时有事去不了' label='取消原因' maxLength={200} onChange={setReason} />
          <Button type='primary' block className='tap-target booking-cancel__confirm' disabled={cancel.isPending} onClick={() => void askCancel()}>
            {cancel.isPending ? '正在取消…' : '确认取消'}
          </Button>
          <Button block className='tap-target' onClick={() => setCancelling(false)}>
            不取消了
          </Button>
        </View>
      ) : null}
    </View>
  )
}

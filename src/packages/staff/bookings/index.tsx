import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { Booking } from '../../../../types/api/booking'
import { addDays } from '../../../../types/time'
import { ChoiceButtons } from '../../../components/choice-buttons'
import { EmptyState } from '../../../components/empty-state'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { ReasonForm } from '../../../components/reason-form'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import {
  actOnBooking,
  staffBookingKeys,
  listStaffBookings,
  listStaffStations,
  refreshAfterStaffWrite,
  type StaffBookingAction,
  type StaffBookingFilter,
  type StaffBookingView,
} from '../../../services/staff/booking'
import { formatDateTime, todayInChina } from '../../../utils/format'
import { BookingStatusBadge } from '../../../components/booking-status-badge'
import { BOOKING_REASON_LIMITS, bookingTimeLabel, formatDayWithWeekday } from '../booking-parts'
import { StaffGate } from '../staff-gate'
import './index.scss'
import { maskPhone } from '../../../../types/phone'

const VIEWS: { value: StaffBookingView; label: string }[] = [
  { value: 'pending', label: '待审核' },
  { value: 'day', label: '按日查看' },
]

export default function StaffBookingsPage() {
  return (
    <PageShell>
      <StaffGate>{(communityId) => <BookingAdmin communityId={communityId} />}</StaffGate>
    </PageShell>
  )
}

function BookingAdmin({ communityId }: { communityId: number }) {
  const today = todayInChina()
  const [view, setView] = useState<StaffBookingView>('pending')
  const [date, setDate] = useState(today)
  // 0: every station of the community.
  const [stationId, setStationId] = useState(0)
  const stations = useQuery({ queryKey: staffBookingKeys.stations(communityId), queryFn: () => listStaffStations(communityId) })
  const filter: StaffBookingFilter = { communityId, view, date: view === 'day' ? date : undefined, stationId: stationId || undefined }
  const bookings = useQuery({ queryKey: staffBookingKeys.bookingList(filter), queryFn: () => listStaffBookings(filter) })
  usePullRefresh(() => Promise.all([bookings.refetch(), stations.refetch()]))
  const shift = (days: number) => setDate(addDays(date, days))

  const stationOptions = [{ value: 0, label: '全部阵地' }, ...(stations.data ?? []).map((s) => ({ value: s.id, label: s.name }))]
  return (
    <View>
      <ChoiceButtons className='booking-views' options={VIEWS} value={view} onChange={setView} />
      {stationOptions.length > 2 ? <ChoiceButtons className='booking-stations' options={stationOptions} value={stationId} onChange={setStationId} /> : null}
      {view === 'pending' ? (
        <View className='muted booking-views__hint'>需要审核的场地，居民预约后在这里等待处理；开始前仍未处理的预约会自动取消。</View>
      ) : (
        <View className='day-switcher'>
          <View className='day-switcher__label'>
            {formatDayWithWeekday(date)}
            {date === today ? '（今天）' : ''}
          </View>
          <View className='day-switcher__buttons'>
            <Button className='tap-target' onClick={() => shift(-1)}>
              前一天
            </Button>
            <Button className='tap-target' disabled={date === today} onClick={() => setDate(today)}>
              今天
            </Button>
            <Button className='tap-target' onClick={() => shift(1)}>
              后一天
            </Button>
          </View>
        </View>
      )}
      <QueryView
        query={bookings}
        isEmpty={(list) => list.length === 0}
        empty={
          view === 'pending' ? (
            <EmptyState title='没有待审核的预约' description='新的预约申请会显示在这里' />
          ) : (
            <EmptyState title='这一天没有预约' description='可以切换到前一天或后一天看看' />
          )
        }
      >
        {(list) => (
          <View>
            {view === 'day' ? <View className='muted booking-count'>共 {list.length} 个预约，按开始时间排列</View> : null}
            {[...list]
              .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))
              .map((b) => (
                <BookingCard key={b.id} booking={b} />
              ))}
          </View>
        )}
      </QueryView>
    </View>
  )
}

type ActionVars = { booking: Booking; action: StaffBookingAction; reason?: string }

const DONE_MESSAGES: Record<StaffBookingAction, string> = {
  approve: '已通过，预约已生效',
  reject: '已拒绝，预约人会看到原因',
  staff_check_in: '已签到',
  staff_cancel: '已取消，预约人会看到原因',
}

/**
 * A staff write to one booking with one Idempotency-Key per action until the server has answered it for good.
 * Every staff list then shows the server's answer at once (a decided booking leaves the approval queue) and is
 * fetched again, with what residents see of it; when the booking has moved on (409) the lists are fetched again to show what is true now.
 */
function useStaffBookingAction(onSuccess?: () => void) {
  const queryClient = useQueryClient()
  return useIdempotentMutation({
    mutationFn: (v: ActionVars, key) => actOnBooking(v.booking.id, v.action, v.reason, key),
    action: (v) => `${v.action}:${v.booking.id}:${v.reason ?? ''}`,
    onSuccess: (updated, v) => {
      for (const [key, list] of queryClient.getQueriesData<Booking[]>({ queryKey: staffBookingKeys.bookings })) {
        if (!list) continue
        const pendingQueue = key[3] === 'pending'
        queryClient.setQueryData<Booking[]>(
          key,
          list.flatMap((b) => (b.id !== updated.id ? [b] : pendingQueue && updated.status !== 'pending' ? [] : [updated])),
        )
      }
      refreshAfterStaffWrite(queryClient)
      void Taro.showToast({ title: DONE_MESSAGES[v.action], icon: 'none', duration: 2500 })
      onSuccess?.()
    },
    refreshOnConflict: () => [staffBookingKeys.bookings],
  })
}

function BookingCard({ booking: b }: { booking: Booking }) {
  const [reasonFor, setReasonFor] = useState<'reject' | 'staff_cancel' | null>(null)
  const act = useStaffBookingAction(() => setReasonFor(null))
  const time = bookingTimeLabel(b)
  const can = (a: StaffBookingAction) => b.actions.includes(a)

  const ask = async (action: 'approve' | 'staff_check_in') => {
    const answer = await Taro.showModal(
      action === 'approve'
        ? { title: '通过预约', content: `${b.bookerName}预约「${b.room.name}」${time}。通过后预约即生效。`, confirmText: '通过', cancelText: '再看看' }
        : { title: '到场签到', content: `确认${b.bookerName}已到场使用「${b.room.name}」？`, confirmText: '签到', cancelText: '取消' },
    )
    if (answer.confirm) act.mutate({ booking: b, action })
  }

  return (
    <View className='card staff-booking'>
      <View className='staff-booking__head'>
        <View className='staff-booking__time'>{time}</View>
        <BookingStatusBadge booking={b} />
      </View>
      <View className='staff-booking__room'>
        {b.room.name} · {b.station.name}
      </View>
      <View>用途：{b.purpose}</View>
      <View>
        人数：{b.attendees}人{b.isPublic ? ' · 公开到活动预告' : ''}
      </View>
      <View className='staff-booking__booker'>
        <View className='staff-booking__booker-name'>预约人：{b.bookerName}</View>
        {b.bookerPhone ? (
          <Button
            size='small'
            className='tap-target staff-booking__phone'
            onClick={() => void Taro.makePhoneCall({ phoneNumber: b.bookerPhone! }).catch(() => undefined)}
          >
            拨打 {maskPhone(b.bookerPhone)}
          </Button>
        ) : null}
      </View>
      {b.checkedInAt ? <View className='muted'>{formatDateTime(b.checkedInAt)} 签到</View> : null}
      {b.rejectReason ? <View className='muted'>拒绝原因：{b.rejectReason}</View> : null}
      {b.cancelReason ? <View className='muted'>取消原因：{b.cancelReason}</View> : null}
      <View className='muted'>{formatDateTime(b.createdAt)} 提交</View>
      {reasonFor ? (
        <ReasonForm
          title={reasonFor === 'reject' ? '拒绝预约' : '取消预约'}
          placeholder={reasonFor === 'reject' ? '例如：当天场地另有安排，请改约其他时间' : '例如：临时停电，场地无法使用'}
          submitText={reasonFor === 'reject' ? '确认拒绝' : '确认取消'}
          limits={BOOKING_REASON_LIMITS}
          pending={act.isPending}
          error={act.error}
          onCancel={() => setReasonFor(null)}
          onSubmit={(reason) => act.mutate({ booking: b, action: reasonFor, reason })}
        />
      ) : (
        <View className='staff-booking__actions'>
          {can('approve') ? (
            <Button type='primary' className='tap-target staff-booking__approve' disabled={act.isPending} onClick={() => void ask('approve')}>
              通过
            </Button>
          ) : null}
          {can('reject') ? (
            <Button className='tap-target staff-booking__reject' disabled={act.isPending} onClick={() => setReasonFor('reject')}>
              拒绝
            </Button>
          ) : null}
          {can('staff_check_in') ? (
            <Button type='primary' className='tap-target staff-booking__check-in' disabled={act.isPending} onClick={() => void ask('staff_check_in')}>
              签到
            </Button>
          ) : null}
          {can('staff_cancel') ? (
            <Button className='tap-target staff-booking__cancel' disabled={act.isPending} onClick={() => setReasonFor('staff_cancel')}>
              取消预约
            </Button>
          ) : null}
        </View>
      )}
    </View>
  )
}

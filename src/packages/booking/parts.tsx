import { View } from '@tarojs/components'
import type { Booking, OpeningDay, RoomRules } from '../../../types/api/booking'
import { DAY_KIND_LABELS, RESOURCE_KIND_LABELS, type ResourceKind } from '../../../types/api/labels'
import { BookingStatusBadge } from '../../components/booking-status-badge'
import { formatBookingTime, isSpecialDay, rulesOf } from './format'
import './booking.scss'

/** 节假日 · 国庆节, 调休上班 · 国庆节: only for days the official calendar changed. */
export function DayKindTag({ day }: { day: Pick<OpeningDay, 'dayKind' | 'holidayName'> }) {
  if (!isSpecialDay(day.dayKind)) return null
  return (
    <View className={`day-kind day-kind--${day.dayKind}`}>
      {day.holidayName ? `${day.holidayName} · ${DAY_KIND_LABELS[day.dayKind]}` : DAY_KIND_LABELS[day.dayKind]}
    </View>
  )
}

/** 开放中 / 已闭馆, as the server says for now. */
export function OpenNowTag({ openNow }: { openNow: boolean }) {
  return <View className={`open-now open-now--${openNow ? 'open' : 'closed'}`}>{openNow ? '开放中' : '已闭馆'}</View>
}

/** The rules of a room or tool, before anyone books it. */
export function RulesCard({ rules, kind }: { rules: RoomRules; kind: ResourceKind }) {
  return (
    <View className='card booking-rules'>
      <View className='booking-card-title'>预约须知</View>
      {rulesOf(rules, kind).map((r) => (
        <View key={r.label} className='booking-rules__row'>
          <View className='booking-rules__label'>{r.label}</View>
          <View className='booking-rules__text'>{r.text}</View>
        </View>
      ))}
    </View>
  )
}

/** One booking in 我的预约: what, where, when and its status; the whole card opens it. */
export function BookingCard({ booking, onOpen }: { booking: Booking; onOpen: () => void }) {
  return (
    <View className='card booking-item tap-target' onClick={onOpen}>
      <View className='booking-item__head'>
        <View className='booking-item__room'>{booking.room.name}</View>
        <BookingStatusBadge booking={booking} />
      </View>
      <View className='booking-item__time'>{formatBookingTime(booking.startsAt, booking.endsAt, booking.room.kind)}</View>
      <View className='muted'>
        {booking.station.name}
        {booking.room.kind === 'tool' ? ` · ${RESOURCE_KIND_LABELS.tool}` : ''}
      </View>
      <View className='muted booking-item__purpose'>用途：{booking.purpose}</View>
      <View className='booking-item__open'>查看详情 ›</View>
    </View>
  )
}

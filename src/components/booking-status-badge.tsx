import { View } from '@tarojs/components'
import type { Booking } from '../../types/api/booking'
import { bookingStatusLabel } from '../utils/format'

/** A booking's status as a badge (styled by .booking-status in the booking and staff pages' own styles). */
export function BookingStatusBadge({ booking }: { booking: Pick<Booking, 'status' | 'phase'> }) {
  return <View className={`booking-status booking-status--${booking.status} booking-status--${booking.phase}`}>{bookingStatusLabel(booking)}</View>
}

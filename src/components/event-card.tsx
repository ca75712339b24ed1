import { View } from '@tarojs/components'
import type { EventSummary } from '../../types/api/org'
import { eventLocation, formatEventTime, placesLeftLabel } from '../utils/format'
import './event-card.scss'

export function EventCard({ event }: { event: EventSummary }) {
  return (
    <View className='card event-item'>
      <View className='event-item__title'>{event.title}</View>
      <View className='event-item__meta muted'>{formatEventTime(event.startsAt, event.endsAt)}</View>
      <View className='muted'>{eventLocation(event)}</View>
      {event.capacity !== null && event.signedUp !== null && <View className='muted'>{placesLeftLabel(event.capacity, event.signedUp)}</View>}
    </View>
  )
}

import { View } from '@tarojs/components'
import type { EventSummary } from '../../types/api/org'
import { formatEventTime, placesLeftLabel } from '../utils/format'

export function EventCard({ event }: { event: EventSummary }) {
  return (
    <View className='card event-item'>
      <View className='event-item__title'>{event.title}</View>
      <View className='event-item__meta muted'>{formatEventTime(event.startsAt, event.endsAt)}</View>
      <View className='muted'>
        {event.place}
        {event.stationName && !event.place.includes(event.stationName) ? ` · ${event.stationName}` : ''}
      </View>
      <View className='muted'>{placesLeftLabel(event.capacity, event.signedUp)}</View>
    </View>
  )
}

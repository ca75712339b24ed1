import { View } from '@tarojs/components'
import { EVENT_PHASE_LABELS } from '../../types/api/labels'
import type { EventSummary } from '../../types/api/org'
import { eventLocation, formatEventTime, placesLeftLabel } from '../utils/format'
import { Thumbnail } from './thumbnail'
import './event-card.scss'

/**
 * One event of 活动预告: places left while an activity has not begun; once under way, over or cancelled, that
 * (the server's phase), for activities and public bookings alike. `picture`: its thumbnail at the left (the
 * activity's picture, a public booking's station's).
 */
export function EventCard({ event, picture = false }: { event: EventSummary; picture?: boolean }) {
  const places = event.phase === 'upcoming' && event.capacity !== null && event.signedUp !== null ? placesLeftLabel(event.capacity, event.signedUp) : null
  const text = (
    <>
      <View className='event-item__head'>
        <View className='event-item__title'>{event.title}</View>
        {event.phase === 'upcoming' ? null : <View className={`event-item__phase event-item__phase--${event.phase}`}>{EVENT_PHASE_LABELS[event.phase]}</View>}
      </View>
      <View className='event-item__meta muted'>{formatEventTime(event.startsAt, event.endsAt)}</View>
      <View className='muted'>{eventLocation(event)}</View>
      {places ? <View className='muted'>{places}</View> : null}
    </>
  )
  return (
    <View className={`card event-item event-item--${event.phase}${picture ? ' event-item--pictured' : ''}`}>
      {picture ? (
        <>
          <Thumbnail url={event.thumbnailUrl} />
          <View className='event-item__body'>{text}</View>
        </>
      ) : (
        text
      )}
    </View>
  )
}

import { View } from '@tarojs/components'
import { useQuery } from '@tanstack/react-query'
import { HOUR_MS } from '../../types/time'
import { getCalendarStatus, orgKeys } from '../services/org'
import './calendar-notice.scss'

/**
 * For staff and admins: a warning when the holiday calendar lacks this year (or, from December, next year), so
 * that nobody finds out on 春节 that the stations' hours ignored it. Says nothing while the calendar is complete
 * or cannot be read (the pages around it show their own errors); `onOpen` makes it a link to the calendar.
 */
export function CalendarNotice({ onOpen }: { onOpen?: () => void }) {
  const status = useQuery({ queryKey: orgKeys.calendarStatus, queryFn: getCalendarStatus, staleTime: HOUR_MS })
  const notice = status.data?.notice
  if (!notice) return null
  return (
    <View className={`calendar-notice${onOpen ? ' tap-target' : ''}`} role='alert' onClick={onOpen}>
      <View className='calendar-notice__title'>节假日安排待录入</View>
      <View className='calendar-notice__text'>{notice}</View>
      {onOpen ? <View className='calendar-notice__action'>去设置 ›</View> : null}
    </View>
  )
}

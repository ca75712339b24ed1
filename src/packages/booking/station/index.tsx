import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Image, Swiper, SwiperItem, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery } from '@tanstack/react-query'
import type { Room, Station } from '../../../../types/api/booking'
import { weekdayLabel } from '../../../../types/time'
import { EmptyState } from '../../../components/empty-state'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { PictureBanner } from '../../../components/thumbnail'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { bookingKeys, getStation } from '../../../services/booking'
import { apiUrl } from '../../../services/http'
import { goTo, goToLogin } from '../../../utils/navigation'
import { isoWeekdayLabel, isSpecialDay, shortDate } from '../format'
import { DayKindTag, OpenNowTag } from '../parts'
import { roomUrl, stationCalendarUrl } from '../urls'
import './index.scss'

export default function StationPage() {
  const { params } = useRouter()
  const id = Number(params.id)
  return (
    <PageShell>
      {Number.isInteger(id) && id > 0 ? <StationDetail id={id} /> : <EmptyState title='找不到这个阵地' description='链接可能不完整，请从阵地列表进入' />}
    </PageShell>
  )
}

function StationDetail({ id }: { id: number }) {
  const station = useQuery({ queryKey: bookingKeys.station(id), queryFn: () => getStation(id) })
  usePullRefresh(() => station.refetch())
  return (
    <QueryView query={station} onLogin={goToLogin} skeletonRows={8}>
      {(s) => (
        <View>
          <Photos station={s} />
          <Main station={s} />
          <Rooms rooms={s.rooms} />
          <Tools tools={s.tools} />
          <View className='card station-events tap-target' onClick={() => goTo(stationCalendarUrl(s))}>
            <View className='booking-card-title'>活动预告</View>
            <View className='muted'>看看这个阵地近期的活动和公开的预约 ›</View>
          </View>
        </View>
      )}
    </QueryView>
  )
}

function Photos({ station }: { station: Station }) {
  // No photo yet: the default picture of its kind, so the page does not open bare.
  if (station.photos.length === 0) return <PictureBanner url={station.imageUrl} photo={false} label='' />
  const urls = station.photos.map((p) => apiUrl(p.url))
  return (
    <Swiper className='station-photos' indicatorDots={urls.length > 1} circular={false}>
      {urls.map((url, i) => (
        <SwiperItem key={url}>
          <Image
            className='station-photos__image'
            src={url}
            mode='aspectFill'
            ariaLabel={`阵地照片 第${i + 1}张，点击查看大图`}
            onClick={() => void Taro.previewImage({ urls, current: url })}
          />
        </SwiperItem>
      ))}
    </Swiper>
  )
}

function Main({ station }: { station: Station }) {
  const phone = station.phone
  return (
    <View className='card station-main'>
      <View className='station-main__name'>{station.name}</View>
      <View className='muted'>{station.communityName}</View>
      <View>地址：{station.address}</View>
      <Hours station={station} />
      {phone ? (
        <Button block className='tap-target station-main__call' onClick={() => void Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined)}>
          拨打电话 {phone}
        </Button>
      ) : null}
    </View>
  )
}

/** 08:30–11:30、13:30–20:00 that breaks a line only between windows, never inside 13:30–20:00. */
function Windows({ hours }: { hours: string }) {
  const windows = hours.split('、')
  return (
    <>
      {windows.map((w, i) => (
        <Text key={w} className='station-hours__window'>
          {w}
          {i < windows.length - 1 ? '、' : ''}
        </Text>
      ))}
    </>
  )
}

/**
 * Opening hours in one line — open now or not, and today's hours — with 展开 for the next seven days and the
 * usual week, so the rooms come first on the screen.
 */
function Hours({ station }: { station: Station }) {
  const [open, setOpen] = useState(false)
  const special = station.nextDays.find((d) => isSpecialDay(d.dayKind))
  return (
    <View className='station-hours'>
      <View className='station-hours__summary tap-target' ariaRole='button' aria-expanded={open} onClick={() => setOpen(!open)}>
        <OpenNowTag openNow={station.openNow} />
        <View className='station-hours__today'>
          {station.hoursToday ? (
            <>
              今日 <Windows hours={station.hoursToday} />
            </>
          ) : (
            '今日闭馆'
          )}
        </View>
        <View className='station-hours__toggle'>{open ? '收起 ▴' : '展开 ▾'}</View>
      </View>
      {!open && special ? <View className='muted station-hours__special'>近7天有{special.holidayName ?? '节假日'}，开放时间有调整，点“展开”查看</View> : null}
      {open ? (
        <View className='station-hours__more'>
          <NextDays station={station} />
          <WeeklyHours station={station} />
        </View>
      ) : null}
    </View>
  )
}

/** Today and the next six days, with holidays and 调休 marked. */
function NextDays({ station }: { station: Station }) {
  return (
    <View className='station-days'>
      <View className='station-hours__title'>近7天</View>
      {station.nextDays.map((d, i) => (
        <View key={d.date} className={`station-day${d.hours ? '' : ' station-day--closed'}`}>
          <View className='station-day__date'>
            {i === 0 ? '今天' : shortDate(d.date)} {weekdayLabel(d.date)}
          </View>
          <DayKindTag day={d} />
          <View className='station-day__hours'>{d.hours ? <Windows hours={d.hours} /> : '闭馆'}</View>
        </View>
      ))}
    </View>
  )
}

/** The usual week (before holidays): one row per weekday, its opening windows. */
function WeeklyHours({ station }: { station: Station }) {
  const rows = [1, 2, 3, 4, 5, 6, 7].map((dow) => ({
    dow,
    hours: station.weeklyHours.filter((h) => h.dayOfWeek === dow).map((h) => `${h.opens}–${h.closes}`),
  }))
  return (
    <View className='station-week'>
      <View className='station-hours__title'>每周开放时间</View>
      {rows.map((r) => (
        <View key={r.dow} className='station-week__row'>
          <View className='station-week__day'>{isoWeekdayLabel(r.dow)}</View>
          <View className='station-week__hours'>{r.hours.length ? <Windows hours={r.hours.join('、')} /> : '闭馆'}</View>
        </View>
      ))}
      <View className='muted'>法定节假日按周末时间开放，调休上班日按工作日时间开放，以近7天为准。</View>
    </View>
  )
}

function Rooms({ rooms }: { rooms: Room[] }) {
  return (
    <View>
      <View className='section-title'>可预约场地（{rooms.length}）</View>
      {rooms.length === 0 ? (
        <View className='card muted'>这个阵地暂无可预约的场地</View>
      ) : (
        rooms.map((r) => (
          <View key={r.id} className='card room-card tap-target' onClick={() => goTo(roomUrl(r.id))}>
            <View className='room-card__head'>
              <View className='room-card__name'>{r.name}</View>
              <View className={`room-tag room-tag--${r.rules.requiresApproval ? 'approval' : 'instant'}`}>{r.rules.requiresApproval ? '需审核' : '即时确认'}</View>
            </View>
            <View className='muted'>
              {r.category} · 容纳{r.capacity}人
            </View>
            {r.facilities.length ? <View className='muted'>设施：{r.facilities.join('、')}</View> : null}
            <View className='room-card__open'>查看时段并预约 ›</View>
          </View>
        ))
      )}
    </View>
  )
}

/** 共享工具库: tools lent by the day. */
function Tools({ tools }: { tools: Room[] }) {
  if (tools.length === 0) return null
  return (
    <View>
      <View className='section-title'>共享工具（{tools.length}）</View>
      <View className='tool-shelf'>
        {tools.map((t) => (
          <View key={t.id} className='tool-shelf__item tap-target' onClick={() => goTo(roomUrl(t.id))}>
            <View className='tool-shelf__name'>{t.name}</View>
            <View className='muted'>按天借用</View>
            <View className={`room-tag room-tag--${t.rules.requiresApproval ? 'approval' : 'instant'}`}>{t.rules.requiresApproval ? '需审核' : '即时确认'}</View>
          </View>
        ))}
      </View>
    </View>
  )
}

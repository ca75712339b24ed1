import { useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useQuery } from '@tanstack/react-query'
import { EmptyState } from '../../../components/empty-state'
import { PageShell } from '../../../components/page-shell'
import { QrCode } from '../../../components/qr-code'
import { QueryView } from '../../../components/query-view'
import { getActivityQr, getRoster, staffVolunteerKeys } from '../../../services/staff/volunteer'
import { StaffGate } from '../staff-gate'
import { now } from '../../../utils/clock'
import './index.scss'

/** How often the arrivals are counted again while the code is shown. */
const ROSTER_REFRESH_MS = 10_000
/** Until the server has said how often its code changes. */
const DEFAULT_REFRESH_SECONDS = 30

export default function StaffActivityQrPage() {
  const { params } = useRouter()
  const id = Number(params.id)
  return (
    <PageShell className='activity-qr-page'>
      <StaffGate>
        {() => (Number.isInteger(id) && id > 0 ? <QrScreen id={id} /> : <EmptyState title='找不到这个活动' description='请从活动的报名名单进入' />)}
      </StaffGate>
    </PageShell>
  )
}

/** Keeps the screen lit while the code is shown (where the platform can), and lets it sleep again after. */
function useKeepScreenOn() {
  useEffect(() => {
    const keep = (keepScreenOn: boolean) => {
      try {
        void Promise.resolve(Taro.setKeepScreenOn({ keepScreenOn })).catch(() => undefined)
      } catch {
        // Not offered here (H5): the screen follows the phone's own setting.
      }
    }
    keep(true)
    return () => keep(false)
  }, [])
}

/** The side of the largest square the screen has room for under the title and counts, in px; null if unknown. */
function qrSide(): number | null {
  try {
    const { windowWidth, windowHeight } = Taro.getWindowInfo()
    const side = Math.floor(Math.min(windowWidth - 32, windowHeight * 0.62))
    return Number.isFinite(side) && side >= 160 ? side : null
  } catch {
    return null
  }
}

/** qrSide, again when the window changes (a tablet turned, a split screen): the code always fits. */
function useQrSide(): number | null {
  const [side, setSide] = useState(qrSide)
  useEffect(() => {
    const resized = () => setSide(qrSide())
    Taro.onWindowResize?.(resized)
    return () => Taro.offWindowResize?.(resized)
  }, [])
  return side
}

/** Now, once a second: drives the countdown to the next code. */
function useNow(): number {
  const [time, setTime] = useState(() => now().getTime())
  useEffect(() => {
    const timer = setInterval(() => setTime(now().getTime()), 1000)
    return () => clearInterval(timer)
  }, [])
  return time
}

function QrScreen({ id }: { id: number }) {
  useKeepScreenOn()
  const side = useQrSide()
  const now = useNow()
  // A new code every refreshAfterSeconds: the one shown is always current, so a photo of it soon stops working.
  const qr = useQuery({
    queryKey: staffVolunteerKeys.qr(id),
    queryFn: () => getActivityQr(id),
    staleTime: 0,
    gcTime: 0,
    refetchInterval: (query) => (query.state.data?.refreshAfterSeconds ?? DEFAULT_REFRESH_SECONDS) * 1000,
  })
  // Who has arrived, counted again every few seconds while the code is up.
  const roster = useQuery({ queryKey: staffVolunteerKeys.roster(id), queryFn: () => getRoster(id), refetchInterval: ROSTER_REFRESH_MS })
  const accepted = roster.data?.entries.filter((e) => e.status === 'accepted') ?? []
  const checkedIn = accepted.filter((e) => e.checkedInAt !== null).length
  const checkedOut = accepted.filter((e) => e.checkedOutAt !== null).length

  return (
    <View className='activity-qr'>
      <View className='activity-qr__title'>{roster.data?.activity.title ?? '活动签到码'}</View>
      <View className='activity-qr__counts'>
        <View className='activity-qr__count activity-qr__count--in'>
          已签到 <View className='activity-qr__number'>{roster.data ? checkedIn : '—'}</View> / {roster.data ? accepted.length : '—'} 人
        </View>
        {checkedOut > 0 ? <View className='activity-qr__count activity-qr__count--out'>已签退 {checkedOut} 人</View> : null}
      </View>
      <QueryView query={qr} skeletonRows={6}>
        {(c) => {
          // The clock ticks once a second, so it may lag the arrival of the code a little.
          const left = Math.min(c.refreshAfterSeconds, Math.max(0, Math.ceil((qr.dataUpdatedAt + c.refreshAfterSeconds * 1000 - now) / 1000)))
          return (
            <View className='activity-qr__card'>
              <View className='activity-qr__box' style={side ? { width: `${side}px`, height: `${side}px` } : undefined}>
                <QrCode className='activity-qr__code' value={c.code} label='活动签到二维码' />
              </View>
              <View className='activity-qr__countdown'>{left}秒后更换</View>
              <View className='activity-qr__hint'>每{c.refreshAfterSeconds}秒自动更换，截图无效</View>
            </View>
          )
        }}
      </QueryView>
      <View className='muted activity-qr__tip'>志愿者打开「家门口」小程序扫码签到；活动结束时再扫一次签退。请保持本页面打开。</View>
    </View>
  )
}

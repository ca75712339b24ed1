import Taro from '@tarojs/taro'
import { locationConsent } from '../stores/privacy'

/** What the position is asked for: the explanation the user reads before agreeing. */
type LocationPurpose = 'stations' | 'checkin' | 'settings'

const EXPLANATIONS: Record<LocationPurpose, { title: string; content: string }> = {
  stations: {
    title: '使用您的位置',
    content: '家门口想获取您现在的位置，只用来计算附近服务阵地离您有多远，并把最近的排在前面，不会记录您的行踪。同意后，微信还会询问一次是否允许。',
  },
  checkin: {
    title: '现场签到需要位置',
    content: '这个志愿活动要求在活动现场签到。扫码时获取一次您的位置，只用来确认您在活动地点附近，不会记录您的行踪。同意后，微信还会询问一次是否允许。',
  },
  settings: {
    title: '使用您的位置',
    content: '同意后，家门口在您查看附近服务阵地、参加要求现场签到的志愿活动时获取一次您的位置，只用来计算距离和确认您在活动地点附近，不会记录您的行踪。',
  },
}

/**
 * The app's own consent to use the position, asked before WeChat's location permission: true when given. Given
 * once, it is remembered; otherwise the explanation is shown each time the user asks for something that needs
 * the position (an explicit request, never on its own). The answer is remembered either way.
 */
export async function askLocationConsent(purpose: LocationPurpose): Promise<boolean> {
  if (locationConsent.get() === 'granted') return true
  const { title, content } = EXPLANATIONS[purpose]
  let agreed = false
  try {
    agreed = (await Taro.showModal({ title, content, confirmText: '同意', cancelText: '不同意' })).confirm
  } catch {
    agreed = false
  }
  locationConsent.set(agreed ? 'granted' : 'denied')
  return agreed
}

/** A position the phone reported (GCJ-02, what Taro.getLocation answers with type 'gcj02'). */
export type Position = { latitude: number; longitude: number }

/**
 * Where the phone is (WeChat's gcj02), asked only with the consent given: never calls getLocation without it.
 * Rejects when WeChat refuses (its own permission switched off) or the phone cannot tell.
 */
export async function getConsentedPosition(): Promise<Position> {
  if (locationConsent.get() !== 'granted') throw new Error('location consent not given')
  // Inside a promise chain: a platform without getLocation throws, and that is a refusal too.
  const where = await Promise.resolve().then(() => Taro.getLocation({ type: 'gcj02' }))
  return { latitude: where.latitude, longitude: where.longitude }
}

/**
 * WeChat's permission settings of the mini-program (to switch the location permission back on or off). Call it
 * straight from a tap, before anything is awaited: WeChat opens them only from a tap.
 */
export function openWechatSettings() {
  try {
    const opened = Taro.openSetting() as unknown
    if (opened && typeof (opened as Promise<unknown>).catch === 'function') (opened as Promise<unknown>).catch(() => undefined)
  } catch {
    // Not available here (H5): nothing to open.
  }
}

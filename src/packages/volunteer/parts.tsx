import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { ApiError, NETWORK_ERROR_MESSAGE } from '../../services/http'
import { askLocationConsent, getConsentedPosition } from '../../services/location'
import { ROUTES } from '../../utils/navigation'
import '../../components/choice-buttons.scss'

/** The 活动 tab (a tab page: reached with switchTab). */
export const ACTIVITIES_TAB = '/pages/activities/index'

/** The pages of the volunteer subpackage with their parameters. */
export const activityUrl = (id: number) => `${ROUTES.activityDetail}?id=${id}`
export const certificateUrl = (id: number) => `${ROUTES.certificate}?id=${id}`
export const verifyUrl = (code: string) => `${ROUTES.certificateVerify}?code=${encodeURIComponent(code)}`

/**
 * What the QR code on a certificate holds: the verification page with the code — on the web a link any phone
 * camera opens, in the mini-program the page's path (verifyCodeOf reads the code back).
 */
export function verifyLink(code: string): string {
  const path = verifyUrl(code)
  if (process.env.TARO_ENV === 'h5') return `${window.location.origin}${window.location.pathname}#${path}`
  return path
}

/** The code in a scanned verification link, or the scanned text itself when it is a bare code. */
export function verifyCodeOf(scanned: string): string {
  const match = /[?&]code=([^&#]+)/.exec(scanned)
  if (!match) return scanned.trim()
  try {
    return decodeURIComponent(match[1]!).trim()
  } catch {
    return match[1]!.trim()
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof ApiError ? err.message : NETWORK_ERROR_MESSAGE
}

/**
 * Opens the camera for a QR code: its text, or null when the user closed the camera (said nothing) or the phone
 * cannot scan (said `unavailable`).
 */
export async function scanQr(unavailable: string): Promise<string | null> {
  try {
    return (await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })).result
  } catch (err) {
    const message = (err as { errMsg?: string } | undefined)?.errMsg ?? ''
    if (!message.includes('cancel')) void Taro.showToast({ title: unavailable, icon: 'none', duration: 2500 })
    return null
  }
}

/** Said when the user does not agree to the app's use of the position: the check-in cannot go on without it. */
const LOCATION_DECLINED_MESSAGE = '这个活动要求在现场签到，需要用您的位置确认您在活动地点附近。您没有同意使用位置，所以暂时不能签到。可以再扫一次码并选择“同意”，或请组织者为您手动签到。'

/**
 * Where the phone is (WeChat's gcj02, as the organiser's map set the spot), for a check-in that the server says
 * needs it. The app's own consent comes first (explained, remembered; services/location.ts): WeChat's location
 * permission is never asked without it. A refusal of either is said in words.
 */
export async function locate(): Promise<{ latitude: number; longitude: number }> {
  if (!(await askLocationConsent('checkin'))) throw new ApiError('LOCATION_REQUIRED', LOCATION_DECLINED_MESSAGE, 400)
  try {
    return await getConsentedPosition()
  } catch {
    throw new ApiError('LOCATION_REQUIRED', '这个活动需要在现场签到，请在设置中允许「家门口」获取您的位置后再扫码', 400)
  }
}

/** Several of the options may be chosen (large buttons, as ChoiceButtons, for older fingers). */
export function MultiChoice<T extends string>({
  options,
  value,
  onChange,
  className,
}: {
  options: readonly { value: T; label: string }[]
  value: readonly T[]
  onChange: (value: T[]) => void
  className?: string
}) {
  const toggle = (v: T) => onChange(value.includes(v) ? value.filter((x) => x !== v) : [...value, v])
  return (
    <View className={['choice-buttons', className ?? ''].filter(Boolean).join(' ')}>
      {options.map((o) => {
        const chosen = value.includes(o.value)
        return (
          <Button
            key={o.value}
            className={`tap-target choice-buttons__item${chosen ? ' choice-buttons__item--chosen' : ''}`}
            type='default'
            aria-pressed={chosen}
            onClick={() => toggle(o.value)}
          >
            {o.label}
          </Button>
        )
      })}
    </View>
  )
}

/** A large tick box with its label: the whole row is the tap target. */
export function TickBox({ checked, onChange, children, className }: { checked: boolean; onChange: (checked: boolean) => void; children: string; className?: string }) {
  return (
    <View
      className={['tick-box', 'tap-target', checked ? 'tick-box--checked' : '', className ?? ''].filter(Boolean).join(' ')}
      role='checkbox'
      aria-checked={checked}
      onClick={() => onChange(!checked)}
    >
      <View className='tick-box__mark'>{checked ? '✓' : ''}</View>
      <View className='tick-box__label'>{children}</View>
    </View>
  )
}

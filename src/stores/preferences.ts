import Taro from '@tarojs/taro'
import { createStoredValue } from './stored-value'

/**
 * 长辈模式: large type and touch targets. 'auto' follows WeChat's font size (我 › 设置 › 通用 › 字体大小); the
 * switch in 我的 sets it 'on' or 'off' explicitly, and 跟随微信字体 returns to 'auto'.
 */
type ElderModePreference = 'auto' | 'on' | 'off'

/**
 * WeChat reports its font size setting in px (`fontSizeSetting`). The documentation gives no values; phones at
 * "标准" report about 16 (Android) or 17 (iOS), and each step of the slider adds a few px. From 20 px on — the
 * larger steps, which people who need large type choose — 长辈模式 follows.
 */
export const LARGE_WECHAT_FONT_PX = 20

/**
 * What storage holds, read as a preference. Versions before 'auto' stored a boolean, written only by the switch,
 * so it was the user's own choice: true stays on, false stays off. Nothing stored follows WeChat.
 */
export function decodeElderMode(stored: unknown): ElderModePreference {
  if (stored === true || stored === 'on') return 'on'
  if (stored === false || stored === 'off') return 'off'
  return 'auto'
}

/** Whether 长辈模式 applies: the explicit choice, or else whether WeChat's font size is large. */
export function resolveElderMode(preference: ElderModePreference, wechatFontPx: number | null): boolean {
  if (preference !== 'auto') return preference === 'on'
  return wechatFontPx !== null && wechatFontPx >= LARGE_WECHAT_FONT_PX
}

/** The stored preference (storage key of the old boolean, migrated on first read). */
export const elderMode = createStoredValue<ElderModePreference>('doorstep.elder-mode', 'auto', decodeElderMode)

type FontInfo = { fontSizeSetting?: number }

/**
 * WeChat's font size in px, or null where there is none (H5 answers NaN). getAppBaseInfo carries it from base
 * library 2.23.4; older ones only in getSystemInfoSync (deprecated since 2.20.1, so asked only as a fallback).
 */
function readWechatFontPx(): number | null {
  const valid = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n > 0
  try {
    const base = typeof Taro.getAppBaseInfo === 'function' ? (Taro.getAppBaseInfo() as FontInfo) : null
    if (valid(base?.fontSizeSetting)) return base.fontSizeSetting
  } catch {
    // An old base library without getAppBaseInfo: fall through.
  }
  try {
    const size = (Taro.getSystemInfoSync() as FontInfo).fontSizeSetting
    return valid(size) ? size : null
  } catch {
    return null
  }
}

let fontPx: { value: number | null } | null = null

/** WeChat's font size setting, read once per launch of the mini-program. */
export const wechatFont = {
  px(): number | null {
    if (!fontPx) fontPx = { value: readWechatFontPx() }
    return fontPx.value
  },
  /** Read it again at the next call (tests fake a different setting). */
  reset() {
    fontPx = null
  },
}

/** Whether 长辈模式 applies now; pages re-render when the preference changes. */
export function useElderMode(): boolean {
  return resolveElderMode(elderMode.use(), wechatFont.px())
}

/** The community a visitor chose to browse when their account is not placed in one yet. */
export const chosenCommunity = createStoredValue<number | null>('doorstep.community', null)

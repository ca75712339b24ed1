import { useEffect, useRef, useSyncExternalStore } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { Button, View } from '@tarojs/components'
import { privacyAgreement } from '../stores/privacy'
import { goTo, ROUTES } from '../utils/navigation'
import { PRIVACY_POLICY_DATE, PRIVACY_POLICY_TITLE, PRIVACY_POLICY_VERSION } from '../utils/privacy-policy'
import './privacy-prompt.scss'

/*
 * The privacy agreement on first use. In WeChat (app.config `__usePrivacyCheck__`), the first call of a privacy
 * API (location, album, phone number …) waits while WeChat fires onNeedPrivacyAuthorization; this sheet answers
 * it: 同意 is WeChat's own agreePrivacyAuthorization button (WeChat checks it was tapped), 拒绝 makes the waiting
 * call fail. WeChat keeps one listener for the whole app, so the pending request lives here, at module level,
 * and the sheet shows on the page on top. On H5 there is no such API: the sheet shows once, before anything
 * else, and the agreement is remembered with the policy's edition (a new edition asks again).
 */

type ResolveOption = Taro.onNeedPrivacyAuthorization.ResolveOption
type Resolve = (option: ResolveOption) => void

/** The agree button's id: WeChat checks that the button named in resolve() was the one tapped. */
const PRIVACY_AGREE_BUTTON_ID = 'privacy-agree'

const isWeapp = () => process.env.TARO_ENV !== 'h5'

/** Privacy APIs WeChat may name as the one waiting, in the user's words. */
const REFERRERS: Record<string, string> = {
  getLocation: '获取您的位置',
  chooseLocation: '选择位置',
  chooseMedia: '从相册选择照片或拍照',
  chooseImage: '从相册选择照片或拍照',
  'button.getPhoneNumber': '获取您的手机号',
  getClipboardData: '读取剪贴板',
}

/* ------------------------------------------------------------------ module-level state, one for the app */

type Pending = { resolves: Resolve[]; referrer: string | null; exposed: boolean }
let pending: Pending | null = null
/** The mounted prompts (one per page), the page on top last. */
let stack: number[] = []
let nextPromptId = 1
let version = 0
const listeners = new Set<() => void>()

function changed() {
  version += 1
  listeners.forEach((listener) => listener())
}
const subscribe = (listener: () => void) => {
  listeners.add(listener)
  return () => void listeners.delete(listener)
}
const snapshot = () => version

/**
 * WeChat's onNeedPrivacyAuthorization listener: a privacy API is waiting for the user's answer. Several may wait
 * at once (a page asking for two things); one answer settles them all.
 */
export function onNeedPrivacyAuthorization(resolve: Resolve, eventInfo?: { referrer?: string }) {
  pending = {
    resolves: [...(pending?.resolves ?? []), resolve],
    referrer: eventInfo?.referrer ?? pending?.referrer ?? null,
    exposed: pending?.exposed ?? false,
  }
  changed()
}

/** H5: 拒绝 hides the sheet for the rest of the browser session (the tab); it asks again next time. */
const DECLINED_KEY = 'doorstep.privacy-declined'
function declinedThisSession(): boolean {
  try {
    return sessionStorage.getItem(DECLINED_KEY) === PRIVACY_POLICY_VERSION
  } catch {
    return false
  }
}
function declineForThisSession() {
  try {
    sessionStorage.setItem(DECLINED_KEY, PRIVACY_POLICY_VERSION)
  } catch {
    // Storage refused (a private window): asked again on the next page, which is still an answer.
  }
}

function answer(option: ResolveOption) {
  const waiting = pending
  pending = null
  changed()
  waiting?.resolves.forEach((resolve) => {
    try {
      resolve(option)
    } catch {
      // WeChat's resolve of a call that has gone away: nothing to answer.
    }
  })
}

/**
 * Registers the listener (each prompt does, on mount: WeChat keeps only the last one registered, and it is always
 * this same function). Base libraries before 2.32.3 have no such API and no privacy check either.
 */
function listenToWechat() {
  if (!isWeapp() || typeof Taro.onNeedPrivacyAuthorization !== 'function') return
  try {
    const registered = Taro.onNeedPrivacyAuthorization(onNeedPrivacyAuthorization) as unknown
    if (registered && typeof (registered as Promise<unknown>).catch === 'function') (registered as Promise<unknown>).catch(() => undefined)
  } catch {
    // Not available here: nothing will ask.
  }
}

/* ------------------------------------------------------------------ the sheet */

/** Mounted by PageShell on every page; draws the sheet on the page on top when there is something to answer. */
export function PrivacyPrompt() {
  useSyncExternalStore(subscribe, snapshot, snapshot)
  const agreedVersion = privacyAgreement.use()
  const id = useRef(0)
  if (id.current === 0) id.current = nextPromptId++

  useEffect(() => {
    const mine = id.current
    stack = [...stack.filter((x) => x !== mine), mine]
    listenToWechat()
    changed()
    return () => {
      stack = stack.filter((x) => x !== mine)
      changed()
    }
  }, [])
  // Back on this page (navigateBack, a tab switched to): it is the one on top again.
  useDidShow(() => {
    const mine = id.current
    if (stack[stack.length - 1] === mine) return
    stack = [...stack.filter((x) => x !== mine), mine]
    changed()
  })

  const onTop = stack[stack.length - 1] === id.current
  const weapp = isWeapp()
  const visible = onTop && (weapp ? pending !== null : agreedVersion !== PRIVACY_POLICY_VERSION && !declinedThisSession())

  // WeChat asks to be told when the custom sheet is shown (exposureAuthorization), once per request.
  useEffect(() => {
    if (!visible || !weapp || !pending || pending.exposed) return
    pending.exposed = true
    pending.resolves.forEach((resolve) => {
      try {
        resolve({ event: 'exposureAuthorization' })
      } catch {
        // Informational only.
      }
    })
  })

  if (!visible) return null

  const agree = () => {
    if (weapp) answer({ event: 'agree', buttonId: PRIVACY_AGREE_BUTTON_ID })
    else privacyAgreement.set(PRIVACY_POLICY_VERSION)
  }
  const disagree = () => {
    if (weapp) {
      answer({ event: 'disagree' })
      void Taro.showToast({ title: '您未同意隐私政策，这项功能暂时无法使用', icon: 'none', duration: 2500 })
    } else {
      declineForThisSession()
      changed()
    }
  }
  const referrer = weapp && pending?.referrer ? REFERRERS[pending.referrer] : undefined

  return (
    <View className='privacy-prompt'>
      <View className='privacy-prompt__mask' />
      <View className='privacy-prompt__body' role='dialog' aria-label='用户隐私保护提示'>
        <View className='privacy-prompt__title'>用户隐私保护提示</View>
        <View className='privacy-prompt__text'>
          感谢您使用家门口。为了给您提供微心愿、阵地预约、志愿服务和积分服务，我们需要使用：登录用的微信身份，您填写或授权的手机号、姓名和家庭住址，您上传的照片；位置只在您同意后、查看附近阵地或现场签到时使用。
        </View>
        <View className='privacy-prompt__text'>手机号加密保存，展示时隐去中间四位；工作人员查看您的信息都有记录。我们不会出售您的个人信息。</View>
        {referrer ? <View className='privacy-prompt__referrer'>当前操作需要：{referrer}</View> : null}
        <View className='privacy-prompt__link tap-target' onClick={() => goTo(ROUTES.privacyPolicy)}>
          阅读完整的{PRIVACY_POLICY_TITLE}（{PRIVACY_POLICY_DATE}版）›
        </View>
        <View className='privacy-prompt__actions'>
          <Button className='privacy-prompt__button privacy-prompt__disagree' onClick={disagree}>
            拒绝
          </Button>
          {weapp ? (
            <Button
              id={PRIVACY_AGREE_BUTTON_ID}
              className='privacy-prompt__button privacy-prompt__agree'
              openType='agreePrivacyAuthorization'
              onAgreePrivacyAuthorization={agree}
            >
              同意
            </Button>
          ) : (
            <Button id={PRIVACY_AGREE_BUTTON_ID} className='privacy-prompt__button privacy-prompt__agree' onClick={agree}>
              同意
            </Button>
          )}
        </View>
      </View>
    </View>
  )
}

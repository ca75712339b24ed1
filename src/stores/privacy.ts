import { createStoredValue } from './stored-value'

/**
 * The edition of the privacy policy the user agreed to on H5 (in WeChat the agreement is WeChat's own, asked
 * through onNeedPrivacyAuthorization). A new edition (PRIVACY_POLICY_VERSION) asks again.
 */
export const privacyAgreement = createStoredValue<string | null>('doorstep.privacy-agreed', null)

/**
 * The separate consent to use the phone's position (附近阵地的距离, 志愿活动现场签到), asked by the app before
 * WeChat's own location permission is ever requested: null until asked. Withdrawn in 我的 › 个人信息与隐私.
 */
type LocationConsent = 'granted' | 'denied' | null
export const locationConsent = createStoredValue<LocationConsent>('doorstep.location-consent', null)

/**
 * The edition of 《家门口隐私政策》 (src/packages/account/privacy-policy): the page shows it, and the first-use
 * prompt asks again when it changes (on H5, where the agreement is remembered by version). Change both when the
 * text changes in substance.
 */
export const PRIVACY_POLICY_VERSION = '2026-11-23'
export const PRIVACY_POLICY_DATE = '2026年11月23日'
export const PRIVACY_POLICY_TITLE = '《家门口隐私政策》'

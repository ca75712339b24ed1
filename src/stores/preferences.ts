import { createStoredValue } from './stored-value'

/** 长辈模式: large type and touch targets, switched in 我的. */
export const elderMode = createStoredValue<boolean>('doorstep.elder-mode', false)

/** The community a visitor chose to browse when their account is not placed in one yet. */
export const chosenCommunity = createStoredValue<number | null>('doorstep.community', null)

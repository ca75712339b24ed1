import { useCallback } from 'react'
import Taro from '@tarojs/taro'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { SUBSCRIBE_MOMENTS, type ReminderEvent, type SubscribeMoment } from '../../types/api/labels'
import type { ReminderTemplates } from '../../types/api/privacy'
import { getReminderTemplates, REMINDER_TEMPLATES_STALE_MS, reminderKeys } from '../services/reminders'

/** wx.requestSubscribeMessage takes at most three templates per call. */
const MAX_TEMPLATES_PER_ASK = 3

/**
 * Subscription messages are a WeChat feature: the H5 build has none (Taro's H5 requestSubscribeMessage is a
 * stub that fails), so it neither loads the template ids nor asks.
 */
const hasSubscriptionMessages = () => process.env.TARO_ENV !== 'h5'

/** The configured template ids of a moment's reminders, in SUBSCRIBE_MOMENTS' order, without repeats. */
export function templateIdsFor(moment: SubscribeMoment, templates: ReminderTemplates['templates'] | undefined): string[] {
  const events: readonly ReminderEvent[] = SUBSCRIBE_MOMENTS[moment]
  const ids = events.map((event) => templates?.[event]).filter((id): id is string => Boolean(id))
  return [...new Set(ids)].slice(0, MAX_TEMPLATES_PER_ASK)
}

/**
 * Loads the template ids into the cache and keeps them there (one request per launch, however many pages ask).
 * PageShell calls it on every page, so the ids are cached before the user can reach a button that needs them.
 */
export function useReminderTemplates() {
  return useQuery({
    queryKey: reminderKeys.templates,
    queryFn: getReminderTemplates,
    enabled: hasSubscriptionMessages(),
    staleTime: REMINDER_TEMPLATES_STALE_MS,
    gcTime: Infinity,
    // Without templates the app only asks for nothing: a failure is not worth a retry storm or a message.
    retry: 1,
    refetchOnWindowFocus: false,
  })
}

/**
 * Asking for 订阅消息 at one of the SUBSCRIBE_MOMENTS. Returns a function to call FIRST in the tap handler, before
 * any `await` and before the action itself: WeChat shows its subscription dialog only from a user's tap, and
 * the gesture is lost once the handler has waited for anything. It asks for the moment's configured templates
 * (none configured: it asks nothing), never waits for the answer and never throws: the action goes ahead
 * whether the user accepts, refuses or WeChat fails.
 */
export function useReminderSubscription(moment: SubscribeMoment): () => void {
  const queryClient = useQueryClient()
  useReminderTemplates()
  return useCallback(() => {
    if (!hasSubscriptionMessages()) return
    // Read synchronously from the cache: fetching now would lose the tap. Not loaded yet: nothing to ask.
    const templates = queryClient.getQueryData<ReminderTemplates>(reminderKeys.templates)?.templates
    const tmplIds = templateIdsFor(moment, templates)
    if (tmplIds.length === 0) return
    const ignore = () => undefined
    try {
      // Taro's types ask for Alipay's entityIds as well; WeChat takes tmplIds only.
      const asked = Taro.requestSubscribeMessage({ tmplIds, fail: ignore } as unknown as Taro.requestSubscribeMessage.Option) as unknown
      // A refusal rejects the promise (where the platform returns one): that is an answer, not an error.
      if (asked && typeof (asked as Promise<unknown>).catch === 'function') (asked as Promise<unknown>).catch(ignore)
    } catch {
      // An old base library without the API: the action goes ahead without reminders.
    }
  }, [moment, queryClient])
}

import type { Config } from './config'
import type { Db } from './db/client'
import type { ContentChecker } from './moderation/content-checker'
import type { PersonalDataCipher } from './modules/privacy/personal-data-cipher'
import type { FileStorage } from './storage/file-storage'
import type { WechatClient } from './modules/wechat/wechat.client'

/** What the services need from the outside world, built once per app. */
export type AppContext = {
  config: Config
  db: Db
  wechat: WechatClient
  /** Uploaded pictures: a local folder, or object storage behind the same interface. */
  storage: FileStorage
  /** The content check before review: WeChat's in production, a keyword list in development. */
  contentChecker: ContentChecker
  /** Seals and opens personal data at rest (phone numbers) with DATA_KEY. */
  personalData: PersonalDataCipher
  /** The current instant; one clock for every rule that depends on time. */
  now: () => Date
}

/**
 * The app's context for one request, for the services that write the personal-data access log: it names the route
 * answering (`GET /api/staff/bookings`). Passed explicitly: an AsyncLocalStorage would carry it unasked, but on
 * Node 20 it makes every promise of every request pay for async hooks (docs/performance.md).
 */
export type RequestContext = AppContext & { route: string }

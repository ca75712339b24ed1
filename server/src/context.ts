import type { Config } from './config'
import type { Db } from './db/client'
import type { WechatClient } from './wechat/client'

/** What the services need from the outside world, built once per app. */
export type AppContext = {
  config: Config
  db: Db
  wechat: WechatClient
  /** The current instant; one clock for every rule that depends on time. */
  now: () => Date
}

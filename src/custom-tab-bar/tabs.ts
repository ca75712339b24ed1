import homeActiveIcon from '../assets/tab/home-active.png'
import homeIcon from '../assets/tab/home.png'
import wishActiveIcon from '../assets/tab/wish-active.png'
import wishIcon from '../assets/tab/wish.png'
import activityActiveIcon from '../assets/tab/activity-active.png'
import activityIcon from '../assets/tab/activity.png'
import meActiveIcon from '../assets/tab/me-active.png'
import meIcon from '../assets/tab/me.png'

/** The four tabs, in the order of app.config.ts's tabBar.list (which WeChat still reads to know the tab pages). */
export const TABS = [
  { path: '/pages/index/index', text: '首页', icon: homeIcon, activeIcon: homeActiveIcon },
  { path: '/pages/wishes/index', text: '心愿', icon: wishIcon, activeIcon: wishActiveIcon },
  { path: '/pages/activities/index', text: '活动', icon: activityIcon, activeIcon: activityActiveIcon },
  { path: '/pages/me/index', text: '我的', icon: meIcon, activeIcon: meActiveIcon },
] as const

/** The tab of a page's route ('pages/me/index' or '/pages/me/index'), or -1 for a page that is not a tab. */
export const tabIndexOf = (route: string) => TABS.findIndex((t) => t.path === `/${route.replace(/^\//, '').split('?')[0]}`)

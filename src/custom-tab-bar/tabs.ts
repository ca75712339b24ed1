// The icons are the files app.config.ts's tabBar.list already puts in the package (WeChat reads them there): an
// import would inline them again, as base64 in common.js (5.6 KB of the main package).
const icon = (name: string) => `/assets/tab/${name}.png`

/** The four tabs, in the order of app.config.ts's tabBar.list (which WeChat still reads to know the tab pages). */
export const TABS = [
  { path: '/pages/index/index', text: '首页', icon: icon('home'), activeIcon: icon('home-active') },
  { path: '/pages/wishes/index', text: '心愿', icon: icon('wish'), activeIcon: icon('wish-active') },
  { path: '/pages/activities/index', text: '活动', icon: icon('activity'), activeIcon: icon('activity-active') },
  { path: '/pages/me/index', text: '我的', icon: icon('me'), activeIcon: icon('me-active') },
] as const

/** The tab of a page's route ('pages/me/index' or '/pages/me/index'), or -1 for a page that is not a tab. */
export const tabIndexOf = (route: string) => TABS.findIndex((t) => t.path === `/${route.replace(/^\//, '').split('?')[0]}`)

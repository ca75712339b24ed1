export default defineAppConfig({
  pages: ['pages/index/index', 'pages/wishes/index', 'pages/activities/index', 'pages/me/index'],
  // Everything but the four tabs lives in subpackages: the main package stays small.
  subPackages: [
    { root: 'packages/account', pages: ['login/index', 'privacy/index', 'privacy-policy/index', 'residency/index', 'household/index', 'join/index', 'staff-invite/index', 'party-report/index', 'unit/index', 'unit-join/index'] },
    { root: 'packages/points', pages: ['index/index', 'statement/index', 'leaderboard/index', 'shop/index', 'redemptions/index'] },
    { root: 'packages/wish', pages: ['post/index', 'detail/index', 'mine/index', 'claims/index'] },
    { root: 'packages/volunteer', pages: ['register/index', 'detail/index', 'mine/index', 'records/index', 'certificate/index', 'verify/index', 'teams/index'] },
    { root: 'packages/booking', pages: ['stations/index', 'station/index', 'room/index', 'mine/index', 'detail/index', 'calendar/index'] },
    // Staff pages: linked from 我的 only for staff, and each page checks again (the server checks every call).
    { root: 'packages/staff', pages: ['verify/index', 'points/index', 'shop/index', 'wish-review/index', 'wish-post/index', 'bookings/index', 'stations/index', 'calendar/index', 'activities/index', 'roster/index', 'activity-qr/index', 'access-log/index', 'residency/index', 'staff-admin/index', 'ledger/index', 'org/index', 'buildings/index', 'households/index', 'dual-reporting/index'] },
    // 社区工作台: what waits, the dashboard with its charts, the 台账 exports and the audit trail. A subpackage of its
    // own, so that the chart library does not weigh on the other staff pages (docs/adr/0006-workbench-charts.md).
    { root: 'packages/workbench', pages: ['index/index', 'dashboard/index', 'exports/index', 'audit/index'] },
  ],
  preloadRule: {
    'pages/me/index': { network: 'all', packages: ['packages/account', 'packages/points'] },
    'pages/wishes/index': { network: 'all', packages: ['packages/wish'] },
    'pages/index/index': { network: 'all', packages: ['packages/booking'] },
    'pages/activities/index': { network: 'all', packages: ['packages/volunteer'] },
  },
  window: {
    navigationBarBackgroundColor: '#d52b1e',
    navigationBarTitleText: '家门口',
    navigationBarTextStyle: 'white',
    // WeChat draws this bar itself; in H5 it makes Taro draw it too — the page's title, 返回, and 首页 on a page
    // opened by a link (without it an H5 page had no title and no way back).
    navigationStyle: 'default',
    backgroundColor: '#f5f5f5',
    backgroundTextStyle: 'dark',
  },
  tabBar: {
    // The mini-program's tab bar is the app's own (src/custom-tab-bar), so that 长辈模式 enlarges its labels; WeChat
    // still reads this list to know the tab pages. H5 draws Taro's (a custom one would leave H5 without any).
    custom: process.env.TARO_ENV === 'weapp',
    // #595959 on white is 7:1 (the labels are text: WCAG AA asks 4.5:1; #8c8c8c was 3.4:1).
    color: '#595959',
    selectedColor: '#d52b1e',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/index/index', text: '首页', iconPath: 'assets/tab/home.png', selectedIconPath: 'assets/tab/home-active.png' },
      { pagePath: 'pages/wishes/index', text: '心愿', iconPath: 'assets/tab/wish.png', selectedIconPath: 'assets/tab/wish-active.png' },
      { pagePath: 'pages/activities/index', text: '活动', iconPath: 'assets/tab/activity.png', selectedIconPath: 'assets/tab/activity-active.png' },
      { pagePath: 'pages/me/index', text: '我的', iconPath: 'assets/tab/me.png', selectedIconPath: 'assets/tab/me-active.png' },
    ],
  },
  lazyCodeLoading: 'requiredComponents',
  // The privacy agreement: WeChat asks before the first privacy API call; PrivacyPrompt (in PageShell) answers.
  __usePrivacyCheck__: true,
  // 服务阵地 lists the nearest stations first (Taro.getLocation); without it the list shows no distances.
  permission: { 'scope.userLocation': { desc: '用于显示离您最近的服务阵地，以及志愿活动的现场签到' } },
  requiredPrivateInfos: ['getLocation', 'chooseLocation'],
})

export default definePageConfig({
  navigationBarTitleText: '住户管理',
  enablePullDownRefresh: true,
})

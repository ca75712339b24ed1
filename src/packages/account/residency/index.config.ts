export default definePageConfig({
  navigationBarTitleText: '住户认证',
  enablePullDownRefresh: true,
})

export default definePageConfig({
  navigationBarTitleText: '活动预告',
  enablePullDownRefresh: true,
})

export default definePageConfig({
  navigationBarTitleText: '预约场地',
  enablePullDownRefresh: true,
})

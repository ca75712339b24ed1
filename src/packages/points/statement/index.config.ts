export default definePageConfig({
  navigationBarTitleText: '月度账单',
  enablePullDownRefresh: true,
})

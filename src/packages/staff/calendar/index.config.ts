export default definePageConfig({
  navigationBarTitleText: '节假日与调休',
  enablePullDownRefresh: true,
})

export default definePageConfig({
  navigationBarTitleText: '街道和社区',
  enablePullDownRefresh: true,
})

export default definePageConfig({
  navigationBarTitleText: '家门口',
  enablePullDownRefresh: true,
})

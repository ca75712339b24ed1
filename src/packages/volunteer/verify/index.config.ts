export default definePageConfig({
  navigationBarTitleText: '证明核验',
  enablePullDownRefresh: true,
})

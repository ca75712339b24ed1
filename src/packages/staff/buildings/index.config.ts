export default definePageConfig({
  navigationBarTitleText: '网格与楼栋',
  enablePullDownRefresh: true,
})

export default definePageConfig({
  navigationBarTitleText: '阵地管理',
  enablePullDownRefresh: true,
})

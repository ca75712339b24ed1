export default definePageConfig({
  navigationBarTitleText: '双报到审核',
  enablePullDownRefresh: true,
})

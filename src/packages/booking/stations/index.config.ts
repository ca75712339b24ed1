export default definePageConfig({
  navigationBarTitleText: '服务阵地',
  enablePullDownRefresh: true,
})

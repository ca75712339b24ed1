export default definePageConfig({
  navigationBarTitleText: '社区工作台',
  enablePullDownRefresh: true,
})

export default definePageConfig({
  navigationBarTitleText: '我的家庭',
  enablePullDownRefresh: true,
  // 发送给家人: the invitation's share card.
  enableShareAppMessage: true,
})

export default definePageConfig({
  navigationBarTitleText: '工作人员管理',
  enablePullDownRefresh: true,
  // 发送邀请: the invitation's share card.
  enableShareAppMessage: true,
})

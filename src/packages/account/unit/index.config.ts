export default definePageConfig({
  navigationBarTitleText: '驻区单位',
  enablePullDownRefresh: true,
  // 发送给同事: the invitation's share card.
  enableShareAppMessage: true,
})

export default definePageConfig({
  navigationBarTitleText: '加入驻区单位',
})

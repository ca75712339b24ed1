export default definePageConfig({
  navigationBarTitleText: '代居民发布心愿',
})

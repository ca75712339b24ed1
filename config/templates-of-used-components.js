// A Taro plugin for the WeChat build. base.wxml, in the main package, holds a template (at each nesting level) for
// every component the pages render, which Taro's parser collects from the build. On top of those, Taro always adds
// `scroll-view` (webpack5-runner › utils/component.js), 9.2 KB of base.wxml, and none of our pages renders one. Removing it from that starting set leaves it to the parser: a page that renders a ScrollView puts
// its templates back (as the one page with a Swiper does for swiper's).
module.exports = (ctx) => {
  ctx.modifyComponentConfig(({ componentConfig }) => {
    componentConfig.includes.delete('scroll-view')
  })
}

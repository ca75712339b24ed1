// babel-preset-taro options: https://github.com/NervJS/taro/blob/main/packages/babel-preset-taro/README.md
const nutuiPackage = (name) => `@nutui/nutui-react-taro/dist/es/packages/${name.toLowerCase()}`

module.exports = {
  // The renderer of each build, as in config/index.ts: React for H5, Preact for WeChat.
  presets: [['taro', { framework: process.env.TARO_ENV === 'h5' ? 'react' : 'preact', ts: true, compiler: 'webpack5' }]],
  plugins: [
    // Import each NutUI component and only its own CSS: the whole dist/style.css would add ~230 KB of wxss.
    [
      'import',
      {
        libraryName: '@nutui/nutui-react-taro',
        camel2DashComponentName: false,
        customName: (name) => nutuiPackage(name),
        customStyleName: (name) => `${nutuiPackage(name)}/style/css`,
      },
      'nutui-react-taro',
    ],
  ],
}

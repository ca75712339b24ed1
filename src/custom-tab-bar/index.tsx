import { Component } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Picture } from '../components/picture'
import { useElderMode } from '../stores/preferences'
import { TABS } from './tabs'
import './index.scss'

/*
 * The mini-program's tab bar, drawn by the app (app.config.ts: tabBar.custom in the WeChat build) so that 长辈模式
 * enlarges its labels too: WeChat's own tab bar has one fixed label size. It keeps the native bar's height, which
 * WeChat leaves free under every tab page. Each tab page has its own instance; PageShell tells it which tab is
 * shown (setSelected), as WeChat asks (getTabBar). H5 draws Taro's tab bar (src/h5.scss enlarges it).
 */
export default class CustomTabBar extends Component<object, { selected: number }> {
  override state = { selected: -1 }

  setSelected(selected: number) {
    this.setState({ selected })
  }

  override render() {
    return <TabBar selected={this.state.selected} onSwitch={(i) => void Taro.switchTab({ url: TABS[i]!.path })} />
  }
}

function TabBar({ selected, onSwitch }: { selected: number; onSwitch: (index: number) => void }) {
  const elder = useElderMode()
  return (
    <View className={elder ? 'tab-bar tab-bar--elder' : 'tab-bar'} role='tablist'>
      {TABS.map((t, i) => (
        <View key={t.path} className={i === selected ? 'tab-bar__item tab-bar__item--selected' : 'tab-bar__item'} role='tab' aria-selected={i === selected} onClick={() => onSwitch(i)}>
          <Picture className='tab-bar__icon' src={i === selected ? t.activeIcon : t.icon} mode='aspectFit' label={null} />
          <View className='tab-bar__label'>{t.text}</View>
        </View>
      ))}
    </View>
  )
}

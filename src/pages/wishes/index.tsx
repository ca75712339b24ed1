import { View } from '@tarojs/components'
import { EmptyState } from '../../components/empty-state'
import { PageShell } from '../../components/page-shell'

const STEPS = ['居民发布心愿，社区审核', '志愿者、党员或驻区单位认领', '认领人上门帮办并上传凭证', '居民确认并致谢，认领人获得积分']

// The wish board arrives with the micro-wish module; until then the tab explains how it will work.
export default function WishesPage() {
  return (
    <PageShell>
      <EmptyState title='微心愿即将开放' description='社区正在筹备“微心愿”认领，开放后会第一时间通知您' />
      <View className='card'>
        <View className='section-title'>微心愿怎么用</View>
        {STEPS.map((step, i) => (
          <View key={step} className='muted'>
            {i + 1}. {step}
          </View>
        ))}
      </View>
    </PageShell>
  )
}

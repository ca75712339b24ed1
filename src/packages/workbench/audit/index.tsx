import { View } from '@tarojs/components'
import { PageShell } from '../../../components/page-shell'

/* Scaffold: filled in by the issue-18 work. */
export default function Page() {
  return (
    <PageShell>
      <View>操作记录</View>
    </PageShell>
  )
}

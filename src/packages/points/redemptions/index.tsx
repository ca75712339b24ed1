import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { REDEMPTION_STATUS_LABELS } from '../../../../types/api/labels'
import type { Redemption } from '../../../../types/api/points'
import { EmptyState } from '../../../components/empty-state'
import { PageShell } from '../../../components/page-shell'
import { QrCode } from '../../../components/qr-code'
import { QueryView } from '../../../components/query-view'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { cancelRedemption, listRedemptions, pointsKeys } from '../../../services/points'
import { formatDateTime } from '../../../utils/format'
import { goTo, goToLogin, ROUTES } from '../../../utils/navigation'
import './index.scss'

export default function RedemptionsPage() {
  const queryClient = useQueryClient()
  const redemptions = useQuery({ queryKey: pointsKeys.redemptions, queryFn: listRedemptions })
  usePullRefresh(() => redemptions.refetch())
  const cancel = useIdempotentMutation({
    mutationFn: (r: Redemption, key) => cancelRedemption(r.id, key),
    action: (r) => `cancel:${r.id}`,
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: pointsKeys.shop })
      void queryClient.invalidateQueries({ queryKey: pointsKeys.all })
    },
    onSuccess: () => void Taro.showToast({ title: '已取消兑换', icon: 'none' }),
  })
  const ask = async (r: Redemption) => {
    const answer = await Taro.showModal({
      title: '取消兑换',
      content: `确定取消「${r.itemName}」的兑换吗？取消后取货码作废。`,
      confirmText: '取消兑换',
      cancelText: '不取消',
    })
    if (answer.confirm) cancel.mutate(r)
  }

  return (
    <PageShell>
      <QueryView
        query={redemptions}
        onLogin={goToLogin}
        isEmpty={(list) => list.length === 0}
        empty={<EmptyState title='还没有兑换记录' description='在积分超市用积分兑换物品和服务' action={{ text: '去积分超市', onClick: () => goTo(ROUTES.shop) }} />}
      >
        {(list) => {
          const waiting = list.filter((r) => r.status === 'reserved')
          const others = list.filter((r) => r.status !== 'reserved')
          return (
            <View>
              {waiting.length ? <View className='section-title'>待领取（{waiting.length}）</View> : null}
              {waiting.map((r) => (
                <ReservedCard key={r.id} redemption={r} cancelling={cancel.isPending && cancel.variables?.id === r.id} onCancel={() => void ask(r)} />
              ))}
              {others.length ? <View className='section-title'>兑换记录</View> : null}
              {others.map((r) => (
                <PastCard key={r.id} redemption={r} />
              ))}
            </View>
          )
        }}
      </QueryView>
    </PageShell>
  )
}

function StatusBadge({ redemption }: { redemption: Redemption }) {
  return <View className={`redemption-status redemption-status--${redemption.status}`}>{REDEMPTION_STATUS_LABELS[redemption.status]}</View>
}

function ReservedCard({ redemption: r, cancelling, onCancel }: { redemption: Redemption; cancelling: boolean; onCancel: () => void }) {
  return (
    <View className='card redemption redemption--reserved'>
      <View className='redemption__head'>
        <View className='redemption__name'>{r.itemName}</View>
        <StatusBadge redemption={r} />
      </View>
      <View className='muted'>
        使用 {r.points} 积分 · {formatDateTime(r.createdAt)} 兑换
      </View>
      <View className='redemption__code-label'>取货码</View>
      <View className='pickup-code'>{r.pickupCode}</View>
      <View className='redemption__qr'>
        <QrCode value={r.pickupCode} className='redemption__qr-image' label={`取货码二维码 ${r.pickupCode}`} />
      </View>
      <View className='redemption__where'>
        请于 <Text className='redemption__deadline'>{formatDateTime(r.expiresAt)}</Text> 前领取
      </View>
      <View className='redemption__where'>领取地点：{r.stationName}</View>
      <View className='muted'>{r.stationAddress}</View>
      <Button block className='tap-target redemption__cancel' disabled={cancelling} onClick={onCancel}>
        {cancelling ? '正在取消…' : '取消兑换'}
      </Button>
    </View>
  )
}

function PastCard({ redemption: r }: { redemption: Redemption }) {
  return (
    <View className='card redemption'>
      <View className='redemption__head'>
        <View className='redemption__name'>{r.itemName}</View>
        <StatusBadge redemption={r} />
      </View>
      <View className='muted'>
        使用 {r.points} 积分 · {formatDateTime(r.createdAt)} 兑换
      </View>
      {r.pickedUpAt ? <View className='muted'>{formatDateTime(r.pickedUpAt)} 在{r.stationName}领取</View> : null}
    </View>
  )
}

import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { SHOP_ITEM_KIND_LABELS } from '../../../../types/api/labels'
import type { Redemption, ShopItem } from '../../../../types/api/points'
import { EmptyState } from '../../../components/empty-state'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { Thumbnail } from '../../../components/thumbnail'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { useReminderSubscription } from '../../../hooks/use-reminder-subscription'
import { ApiError } from '../../../services/http'
import { getPointsSummary, listShopItems, pointsKeys, redeemShopItem } from '../../../services/points'
import { formatDateTime } from '../../../utils/format'
import { goTo, goToLogin, ROUTES } from '../../../utils/navigation'
import './index.scss'

/** Why an item cannot be redeemed now, from what the API says about it; null when it can. */
function unavailableReason(item: ShopItem): string | null {
  if (item.stock <= 0) return '已兑完'
  if (item.monthlyLimit !== null && item.redeemedThisMonth >= item.monthlyLimit) return '本月已达兑换上限'
  return null
}

export default function ShopPage() {
  const queryClient = useQueryClient()
  const items = useQuery({ queryKey: pointsKeys.shopItems, queryFn: listShopItems })
  const summary = useQuery({ queryKey: pointsKeys.summary, queryFn: getPointsSummary })
  const [done, setDone] = useState<Redemption | null>(null)
  // The item whose 确认兑换 is shown: the confirmation is on the page, not a dialog, so that the tap that
  // redeems can also ask for the reminders (WeChat shows its subscription dialog only from a tap).
  const [confirming, setConfirming] = useState<number | null>(null)
  const askForReminders = useReminderSubscription('redeemed')
  const redeem = useIdempotentMutation({
    mutationFn: (item: ShopItem, key) => redeemShopItem(item.id, key),
    action: (item) => `redeem:${item.id}`,
    onSettled: () => {
      // Stock, limits and the balance have changed (or were out of date, if it failed).
      void queryClient.invalidateQueries({ queryKey: pointsKeys.shop })
      void queryClient.invalidateQueries({ queryKey: pointsKeys.all })
    },
    onSuccess: (redemption) => {
      setDone(redemption)
      // The code is shown at the top of the page.
      Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined)
    },
  })
  usePullRefresh(() => Promise.all([items.refetch(), summary.refetch()]))

  const confirm = (item: ShopItem) => {
    // First, while still inside the tap: the reminders of the pickup (ready, about to expire).
    askForReminders()
    setConfirming(null)
    setDone(null)
    redeem.mutate(item)
  }

  const failure = redeem.isError ? { itemId: redeem.variables?.id, message: redeem.error instanceof ApiError ? redeem.error.message : '兑换没有成功，请稍后再试' } : null
  const household = summary.data?.household

  return (
    <PageShell>
      {done ? <RedeemSuccess redemption={done} onDismiss={() => setDone(null)} /> : null}
      {household ? (
        <View className='shop-balance card'>
          <View className='muted'>我家积分</View>
          <View className='shop-balance__value'>{household.balance}</View>
          <Button className='tap-target' onClick={() => goTo(ROUTES.redemptions)}>
            我的兑换
          </Button>
        </View>
      ) : null}
      <QueryView
        query={items}
        onLogin={goToLogin}
        isEmpty={(list) => list.length === 0}
        empty={<EmptyState title='积分超市暂无商品' description='社区上架商品后会显示在这里' />}
      >
        {(list) => (
          <View>
            {list.map((item) => (
              <ShopItemCard
                key={item.id}
                item={item}
                busy={redeem.isPending}
                pending={redeem.isPending && redeem.variables?.id === item.id}
                error={failure?.itemId === item.id ? failure.message : null}
                confirming={confirming === item.id}
                onRedeem={() => setConfirming(item.id)}
                onConfirm={() => confirm(item)}
                onCancel={() => setConfirming(null)}
              />
            ))}
          </View>
        )}
      </QueryView>
    </PageShell>
  )
}

type ShopItemCardProps = {
  item: ShopItem
  busy: boolean
  pending: boolean
  error: string | null
  /** 确认兑换 is shown instead of 兑换. */
  confirming: boolean
  onRedeem: () => void
  onConfirm: () => void
  onCancel: () => void
}

function ShopItemCard({ item, busy, pending, error, confirming, onRedeem, onConfirm, onCancel }: ShopItemCardProps) {
  const reason = unavailableReason(item)
  return (
    <View className='card shop-item'>
      <View className='shop-item__main'>
        <Thumbnail url={item.thumbnailUrl} />
        <View className='shop-item__body'>
          <View className='shop-item__head'>
            <View className='shop-item__name'>{item.name}</View>
            <View className='shop-item__kind'>{SHOP_ITEM_KIND_LABELS[item.kind]}</View>
          </View>
          {item.description ? <View className='muted'>{item.description}</View> : null}
          <View className='shop-item__price'>{item.price} 积分</View>
        </View>
      </View>
      <View className='shop-item__facts'>
        <View>库存 {item.stock}</View>
        {item.monthlyLimit !== null ? (
          <View>
            每户每月限兑 {item.monthlyLimit} 次，本月已兑 {item.redeemedThisMonth} 次
          </View>
        ) : null}
        <View>领取地点：{item.stationName}</View>
      </View>
      {confirming && !reason ? (
        <View className='shop-item__confirm'>
          <View className='shop-item__confirm-text'>
            使用 {item.price} 积分兑换「{item.name}」，兑换后到{item.stationName}领取。
          </View>
          <Button type='primary' block className='tap-target shop-item__confirm-yes' disabled={busy} onClick={onConfirm}>
            确认兑换
          </Button>
          <Button block className='tap-target shop-item__confirm-no' onClick={onCancel}>
            再想想
          </Button>
        </View>
      ) : (
        <Button type='primary' block className='tap-target shop-item__redeem' disabled={Boolean(reason) || busy} onClick={onRedeem}>
          {reason ?? (pending ? '正在兑换…' : '兑换')}
        </Button>
      )}
      {error ? <View className='shop-item__error'>{error}</View> : null}
    </View>
  )
}

function RedeemSuccess({ redemption, onDismiss }: { redemption: Redemption; onDismiss: () => void }) {
  return (
    <View className='card redeem-success'>
      <View className='redeem-success__title'>兑换成功</View>
      <View>
        {redemption.itemName}，使用 {redemption.points} 积分
      </View>
      <View className='muted'>取货码</View>
      <View className='pickup-code'>{redemption.pickupCode}</View>
      <View>
        请于 {formatDateTime(redemption.expiresAt)} 前到{redemption.stationName}领取，出示取货码或二维码。
      </View>
      <Button type='primary' block className='tap-target' onClick={() => goTo(ROUTES.redemptions)}>
        查看我的兑换（二维码）
      </Button>
      <Button block className='tap-target' onClick={onDismiss}>
        继续兑换
      </Button>
    </View>
  )
}

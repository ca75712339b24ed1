import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { SHOP_ITEM_KIND_LABELS, SHOP_ITEM_KINDS, type ShopItemKind } from '../../../../types/api/labels'
import type { ShopItem, ShopItemInput } from '../../../../types/api/points'
import type { Upload } from '../../../../types/api/wishes'
import { ChoiceButtons } from '../../../components/choice-buttons'
import { EmptyState } from '../../../components/empty-state'
import { PageShell } from '../../../components/page-shell'
import { PhotoPicker } from '../../../components/photo-picker'
import { Thumbnail } from '../../../components/thumbnail'
import { TextField } from '../../../components/text-field'
import { QueryView } from '../../../components/query-view'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { ApiError } from '../../../services/http'
import { getHome, orgKeys } from '../../../services/org'
import { pointsKeys } from '../../../services/points'
import { createShopItem, listStaffShopItems, updateShopItem } from '../../../services/staff/points'
import { StaffGate } from '../staff-gate'
import './index.scss'

export default function StaffShopPage() {
  return (
    <PageShell>
      <StaffGate>{(communityId) => <ShopAdmin communityId={communityId} />}</StaffGate>
    </PageShell>
  )
}

function ShopAdmin({ communityId }: { communityId: number }) {
  const queryClient = useQueryClient()
  const items = useQuery({ queryKey: pointsKeys.staffShopItems(communityId), queryFn: () => listStaffShopItems(communityId) })
  const [editing, setEditing] = useState<ShopItem | 'new' | null>(null)
  usePullRefresh(() => items.refetch())
  const quick = useIdempotentMutation({
    mutationFn: ({ item, patch }: { item: ShopItem; patch: Partial<ShopItemInput> }, key) => updateShopItem(item.id, patch, key),
    action: ({ item, patch }) => JSON.stringify([item.id, patch]),
    onSuccess: (updated) => {
      // Show the new stock at once, so a second tap starts from it.
      queryClient.setQueryData<ShopItem[]>(pointsKeys.staffShopItems(communityId), (list) => list?.map((i) => (i.id === updated.id ? updated : i)))
      void queryClient.invalidateQueries({ queryKey: pointsKeys.shop })
    },
  })

  if (editing) {
    return (
      <ItemForm
        communityId={communityId}
        item={editing === 'new' ? null : editing}
        onDone={(saved) => {
          setEditing(null)
          if (saved) {
            void queryClient.invalidateQueries({ queryKey: pointsKeys.staffShopItems(communityId) })
            void queryClient.invalidateQueries({ queryKey: pointsKeys.shop })
          }
        }}
      />
    )
  }

  const toggle = async (item: ShopItem) => {
    const answer = await Taro.showModal({
      title: item.active ? '下架商品' : '上架商品',
      content: item.active ? `下架后居民看不到「${item.name}」，已兑换的不受影响。` : `上架后居民可以兑换「${item.name}」。`,
      confirmText: item.active ? '下架' : '上架',
      cancelText: '取消',
    })
    if (answer.confirm) quick.mutate({ item, patch: { active: !item.active } })
  }

  return (
    <View>
      <Button type='primary' block className='tap-target' onClick={() => setEditing('new')}>
        新增商品
      </Button>
      <QueryView query={items} isEmpty={(list) => list.length === 0} empty={<EmptyState title='还没有商品' description='点「新增商品」上架第一件' />}>
        {(list) => (
          <View>
            {list.map((item) => (
              <View key={item.id} className={`card admin-item${item.active ? '' : ' admin-item--inactive'}`}>
                <View className='admin-item__main'>
                  <Thumbnail url={item.thumbnailUrl} />
                  <View className='admin-item__body'>
                    <View className='admin-item__head'>
                      <View className='admin-item__name'>{item.name}</View>
                      <View className={`admin-item__status${item.active ? ' admin-item__status--on' : ''}`}>{item.active ? '上架中' : '已下架'}</View>
                    </View>
                    <View className='muted'>
                      {SHOP_ITEM_KIND_LABELS[item.kind]} · {item.price} 积分 · {item.monthlyLimit === null ? '不限次数' : `每户每月限 ${item.monthlyLimit} 次`}
                    </View>
                    <View className='muted'>领取地点：{item.stationName}</View>
                  </View>
                </View>
                <View className='admin-item__stock'>
                  <Button className='tap-target' disabled={quick.isPending || item.stock <= 0} onClick={() => quick.mutate({ item, patch: { stock: item.stock - 1 } })}>
                    库存 -1
                  </Button>
                  <View className='admin-item__stock-value'>库存 {item.stock}</View>
                  <Button className='tap-target' disabled={quick.isPending} onClick={() => quick.mutate({ item, patch: { stock: item.stock + 1 } })}>
                    库存 +1
                  </Button>
                </View>
                <View className='admin-item__actions'>
                  <Button className='tap-target' disabled={quick.isPending} onClick={() => void toggle(item)}>
                    {item.active ? '下架' : '上架'}
                  </Button>
                  <Button className='tap-target' onClick={() => setEditing(item)}>
                    编辑
                  </Button>
                </View>
              </View>
            ))}
          </View>
        )}
      </QueryView>
    </View>
  )
}

type Draft = { name: string; description: string; kind: ShopItemKind; price: string; stock: string; monthlyLimit: string; stationId: number | null; active: boolean; photos: Upload[] }
type DraftErrors = Partial<Record<keyof Draft, string>>

const KIND_OPTIONS = SHOP_ITEM_KINDS.map((k) => ({ value: k, label: SHOP_ITEM_KIND_LABELS[k] }))
const ACTIVE_OPTIONS = [
  { value: 'on', label: '上架' },
  { value: 'off', label: '暂不上架' },
] as const

const wholeNumber = (s: string) => /^\d+$/.test(s.trim())

/** The same limits as the API's ZShopItemInput, checked before sending so the form can say which field is wrong. */
function validateDraft(d: Draft): DraftErrors {
  const e: DraftErrors = {}
  const name = d.name.trim()
  if (!name) e.name = '请填写名称'
  else if (name.length > 30) e.name = '名称最多30个字'
  if (d.description.trim().length > 300) e.description = '说明最多300个字'
  if (!wholeNumber(d.price) || Number(d.price) < 1) e.price = '所需积分至少为1'
  else if (Number(d.price) > 100000) e.price = '所需积分最多100000'
  if (!wholeNumber(d.stock)) e.stock = '请填写库存（0或正整数）'
  else if (Number(d.stock) > 100000) e.stock = '库存最多100000'
  if (d.monthlyLimit.trim() && (!wholeNumber(d.monthlyLimit) || Number(d.monthlyLimit) < 1 || Number(d.monthlyLimit) > 100)) e.monthlyLimit = '每月限兑为1到100次，不限请留空'
  if (d.stationId === null) e.stationId = '请选择领取地点'
  return e
}

function ItemForm({ communityId, item, onDone }: { communityId: number; item: ShopItem | null; onDone: (saved: boolean) => void }) {
  const stations = useQuery({ queryKey: orgKeys.home(communityId), queryFn: () => getHome(communityId) })
  const [draft, setDraft] = useState<Draft>(() => ({
    name: item?.name ?? '',
    description: item?.description ?? '',
    kind: item?.kind ?? 'goods',
    price: item ? String(item.price) : '',
    stock: item ? String(item.stock) : '',
    monthlyLimit: item?.monthlyLimit ? String(item.monthlyLimit) : '',
    stationId: item?.stationId ?? null,
    active: item?.active ?? true,
    photos: item?.photo ? [item.photo] : [],
  }))
  const [errors, setErrors] = useState<DraftErrors>({})
  const [uploading, setUploading] = useState(false)
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }))
    setErrors((e) => ({ ...e, [key]: undefined }))
  }
  const save = useIdempotentMutation({
    mutationFn: (input: ShopItemInput, key) => (item ? updateShopItem(item.id, input, key) : createShopItem(input, key)),
    action: (input) => JSON.stringify([item?.id ?? 'new', input]),
    onSuccess: () => {
      void Taro.showToast({ title: item ? '已保存' : '已新增', icon: 'none' })
      onDone(true)
    },
  })
  const serverIssues = save.error instanceof ApiError ? (save.error.details?.map((d) => d.message) ?? [save.error.message]) : []

  const submit = () => {
    const found = validateDraft(draft)
    setErrors(found)
    if (Object.keys(found).length > 0 || draft.stationId === null || uploading) return
    save.mutate({
      name: draft.name.trim(),
      description: draft.description.trim(),
      kind: draft.kind,
      price: Number(draft.price.trim()),
      stock: Number(draft.stock.trim()),
      monthlyLimit: draft.monthlyLimit.trim() ? Number(draft.monthlyLimit.trim()) : null,
      stationId: draft.stationId,
      active: draft.active,
      photoId: draft.photos[0]?.id ?? null,
    })
  }

  const error = (key: keyof Draft) => (errors[key] ? <View className='form-error'>{errors[key]}</View> : null)
  return (
    <View className='card item-form'>
      <View className='item-form__title'>{item ? `编辑「${item.name}」` : '新增商品'}</View>
      <View className='field__label'>名称</View>
      <TextField value={draft.name} placeholder='例如：义剪一次' label='名称' maxLength={30} onChange={(v) => set('name', v)} />
      {error('name')}
      <View className='field__label'>说明（可不填）</View>
      <TextField value={draft.description} placeholder='规格、服务时间等' label='说明' maxLength={300} onChange={(v) => set('description', v)} />
      {error('description')}
      <View className='field__label'>类型</View>
      <ChoiceButtons options={KIND_OPTIONS} value={draft.kind} onChange={(k) => set('kind', k)} />
      <View className='field__label'>所需积分</View>
      <TextField type='number' value={draft.price} placeholder='例如：50' label='所需积分' onChange={(v) => set('price', v)} />
      {error('price')}
      <View className='field__label'>库存</View>
      <TextField type='number' value={draft.stock} placeholder='例如：20' label='库存' onChange={(v) => set('stock', v)} />
      {error('stock')}
      <View className='field__label'>每户每月限兑次数（不限请留空）</View>
      <TextField type='number' value={draft.monthlyLimit} placeholder='不限' label='每户每月限兑次数' onChange={(v) => set('monthlyLimit', v)} />
      {error('monthlyLimit')}
      <View className='field__label'>领取地点</View>
      <QueryView query={stations} skeletonRows={2}>
        {(home) =>
          home.stations.length === 0 ? (
            <View className='muted'>本社区还没有服务阵地</View>
          ) : (
            <ChoiceButtons className='item-form__stations' options={home.stations.map((s) => ({ value: s.id, label: s.name }))} value={draft.stationId} onChange={(id) => set('stationId', id)} />
          )
        }
      </QueryView>
      {error('stationId')}
      <View className='field__label'>照片（可不传）</View>
      <View className='field__hint'>不传时显示{SHOP_ITEM_KIND_LABELS[draft.kind]}的默认图片</View>
      <PhotoPicker photos={draft.photos} onChange={(p) => set('photos', p)} max={1} purpose='shop_photo' onBusyChange={setUploading} />
      <View className='field__label'>状态</View>
      <ChoiceButtons options={ACTIVE_OPTIONS} value={draft.active ? 'on' : 'off'} onChange={(v) => set('active', v === 'on')} />
      {serverIssues.map((message) => (
        <View key={message} className='form-error'>
          {message}
        </View>
      ))}
      <Button type='primary' block className='tap-target' disabled={save.isPending || uploading} onClick={submit}>
        {save.isPending ? '正在保存…' : uploading ? '照片上传中…' : '保存'}
      </Button>
      <Button block className='tap-target' onClick={() => onDone(false)}>
        取消
      </Button>
    </View>
  )
}

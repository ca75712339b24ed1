import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQueryClient } from '@tanstack/react-query'
import type { Station, StationFields } from '../../../../types/api/booking'
import { STATION_KINDS, type StationKind } from '../../../../types/api/labels'
import type { Upload } from '../../../../types/api/wishes'
import { ChoiceButtons } from '../../../components/choice-buttons'
import { PhotoPicker } from '../../../components/photo-picker'
import { TextField } from '../../../components/text-field'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { createStation, refreshAfterStaffWrite, updateStation } from '../../../services/staff/booking'
import { fieldErrorsOf } from '../../../utils/field-errors'
import { STATION_KIND_LABELS } from '../booking-parts'
import { HoursEditor, hoursProblems, weekHoursOf, weeklyHoursOf, type WeekHours } from './hours-editor'

type Draft = { name: string; kind: StationKind; address: string; phone: string; latitude: string; longitude: string; hours: WeekHours; photos: Upload[] }
type Field = 'name' | 'kind' | 'address' | 'phone' | 'latitude' | 'longitude' | 'hours' | 'photos'

const KIND_OPTIONS = STATION_KINDS.map((k) => ({ value: k, label: STATION_KIND_LABELS[k] }))
const PHOTOS_MAX = 6
const FIELD_OF: Record<string, Field> = {
  name: 'name',
  kind: 'kind',
  address: 'address',
  phone: 'phone',
  latitude: 'latitude',
  longitude: 'longitude',
  weeklyHours: 'hours',
  photoIds: 'photos',
  PHOTO_NOT_FOUND: 'photos',
}

const coordinate = (s: string) => (/^-?\d+(\.\d+)?$/.test(s.trim()) ? Number(s.trim()) : NaN)

function validate(d: Draft): Partial<Record<Field, string>> {
  const e: Partial<Record<Field, string>> = {}
  if (d.name.trim().length < 2) e.name = '名称至少2个字'
  if (d.address.trim().length < 2) e.address = '请填写地址'
  const lat = coordinate(d.latitude)
  if (!(lat >= -90 && lat <= 90)) e.latitude = '纬度应为-90到90之间的数，例如 36.0662'
  const lng = coordinate(d.longitude)
  if (!(lng >= -180 && lng <= 180)) e.longitude = '经度应为-180到180之间的数，例如 120.3826'
  return e
}

/** Creates a station (station null) or edits one: name, kind, address, phone, position, photos and weekly hours. */
export function StationForm({ communityId, station, onDone }: { communityId: number; station: Station | null; onDone: () => void }) {
  const queryClient = useQueryClient()
  const [draft, setDraft] = useState<Draft>(() => ({
    name: station?.name ?? '',
    kind: station?.kind ?? 'grid_station',
    address: station?.address ?? '',
    phone: station?.phone ?? '',
    latitude: station ? String(station.latitude) : '',
    longitude: station ? String(station.longitude) : '',
    hours: weekHoursOf(station?.weeklyHours ?? []),
    photos: station?.photos ?? [],
  }))
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({})
  const [uploading, setUploading] = useState(false)
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }))
    setErrors((e) => ({ ...e, [key]: undefined }))
  }
  const action = (input: StationFields) => JSON.stringify([station?.id ?? 'new', input])
  const save = useIdempotentMutation({
    mutationFn: (input: StationFields, key) =>
      station ? updateStation(station.id, input, key) : createStation({ ...input, communityId }, key),
    action,
    onSuccess: () => {
      refreshAfterStaffWrite(queryClient)
      void Taro.showToast({ title: station ? '已保存' : '已新建阵地', icon: 'none' })
      onDone()
    },
  })
  const server = fieldErrorsOf(save.error, FIELD_OF)
  const problems = hoursProblems(draft.hours)

  const submit = () => {
    const found = validate(draft)
    if (Object.keys(problems).length > 0) found.hours = '开放时间有误，请按上面的提示修改'
    setErrors(found)
    if (Object.keys(found).length > 0 || uploading) return
    save.mutate({
      name: draft.name.trim(),
      kind: draft.kind,
      address: draft.address.trim(),
      phone: draft.phone.trim() || null,
      latitude: coordinate(draft.latitude),
      longitude: coordinate(draft.longitude),
      weeklyHours: weeklyHoursOf(draft.hours),
      photoIds: draft.photos.map((p) => p.id),
    })
  }

  const error = (f: Field) => {
    const message = errors[f] ?? server.fields[f]
    return message ? <View className={`form-error form-error--${f}`}>{message}</View> : null
  }
  return (
    <View className='card station-form'>
      <View className='station-form__title'>{station ? `编辑「${station.name}」` : '新建阵地'}</View>
      <View className='field__label'>名称</View>
      <TextField value={draft.name} placeholder='例如：联通社区第三网格党群服务驿站' label='名称' maxLength={40} onChange={(v) => set('name', v)} />
      {error('name')}
      <View className='field__label'>类型</View>
      <ChoiceButtons options={KIND_OPTIONS} value={draft.kind} onChange={(k) => set('kind', k)} />
      {error('kind')}
      <View className='field__label'>地址</View>
      <TextField value={draft.address} placeholder='例如：联通路12号' label='地址' maxLength={100} onChange={(v) => set('address', v)} />
      {error('address')}
      <View className='field__label'>电话（可不填）</View>
      <TextField value={draft.phone} placeholder='例如：0456-8200777' label='电话' maxLength={20} onChange={(v) => set('phone', v)} />
      {error('phone')}
      <View className='field__label'>位置（居民导航和按距离排序用）</View>
      <View className='field__hint'>可在手机地图中长按地点查看经纬度</View>
      <View className='station-form__position'>
        <TextField value={draft.latitude} placeholder='纬度，例如 36.0662' label='纬度' maxLength={20} onChange={(v) => set('latitude', v)} />
        <TextField value={draft.longitude} placeholder='经度，例如 120.3826' label='经度' maxLength={20} onChange={(v) => set('longitude', v)} />
      </View>
      {error('latitude')}
      {error('longitude')}
      <View className='field__label'>每周开放时间</View>
      <View className='field__hint'>每天可设一段或几段，例如工作日 08:30–11:30、13:30–20:00。节假日按周末时间开放，调休上班日按工作日时间开放。</View>
      <HoursEditor value={draft.hours} onChange={(h) => set('hours', h)} problems={problems} />
      {error('hours')}
      <View className='field__label'>照片（可不传，最多{PHOTOS_MAX}张）</View>
      <PhotoPicker photos={draft.photos} onChange={(p) => set('photos', p)} max={PHOTOS_MAX} purpose='station_photo' onBusyChange={setUploading} />
      {error('photos')}
      {server.other.map((message) => (
        <View key={message} className='form-error'>
          {message}
        </View>
      ))}
      <Button type='primary' block className='tap-target' disabled={save.isPending || uploading} onClick={submit}>
        {save.isPending ? '正在保存…' : uploading ? '照片上传中…' : '保存'}
      </Button>
      <Button block className='tap-target' onClick={onDone}>
        返回
      </Button>
    </View>
  )
}

import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQueryClient } from '@tanstack/react-query'
import type { Room, RoomFields, Station } from '../../../../types/api/booking'
import { RESOURCE_KIND_LABELS, RESOURCE_KINDS, type ResourceKind } from '../../../../types/api/labels'
import type { Upload } from '../../../../types/api/wishes'
import { MINUTES_PER_DAY } from '../../../../types/time'
import { ChoiceButtons } from '../../../components/choice-buttons'
import { PhotoPicker } from '../../../components/photo-picker'
import { TextArea } from '../../../components/text-area'
import { TextField } from '../../../components/text-field'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { createRoom, refreshAfterStaffWrite, updateRoom } from '../../../services/staff/booking'
import { fieldErrorsOf } from '../../../utils/field-errors'

const PHOTOS_MAX = 6

/**
 * The form as typed. Durations are in hours for a room and in days for a tool; notice and the cancelling
 * deadline in hours; buffer and the no-show grace in minutes. Each converts to the minutes the API counts in.
 */
type Draft = {
  kind: ResourceKind
  name: string
  category: string
  capacity: string
  facilities: string
  description: string
  active: boolean
  photos: Upload[]
  slotMinutes: 30 | 60
  minDuration: string
  maxDuration: string
  advanceDays: string
  minNoticeHours: string
  requiresApproval: boolean
  bufferMinutes: string
  maxActivePerPerson: string
  cancelDeadlineHours: string
  noShowAfterMinutes: string
}
type Field = Exclude<keyof Draft, 'photos'> | 'photos'

const FIELD_OF: Record<string, Field> = {
  kind: 'kind',
  name: 'name',
  category: 'category',
  capacity: 'capacity',
  facilities: 'facilities',
  description: 'description',
  active: 'active',
  photoIds: 'photos',
  PHOTO_NOT_FOUND: 'photos',
  'rules.slotMinutes': 'slotMinutes',
  'rules.minDurationMinutes': 'minDuration',
  'rules.maxDurationMinutes': 'maxDuration',
  'rules.advanceDays': 'advanceDays',
  'rules.minNoticeMinutes': 'minNoticeHours',
  'rules.requiresApproval': 'requiresApproval',
  'rules.bufferMinutes': 'bufferMinutes',
  'rules.maxActivePerPerson': 'maxActivePerPerson',
  'rules.cancelDeadlineMinutes': 'cancelDeadlineHours',
  'rules.noShowAfterMinutes': 'noShowAfterMinutes',
}

const KIND_OPTIONS = RESOURCE_KINDS.map((k) => ({ value: k, label: RESOURCE_KIND_LABELS[k] }))
const SLOT_OPTIONS = [
  { value: 30, label: '每段30分钟' },
  { value: 60, label: '每段1小时' },
] as const
const ACTIVE_OPTIONS = [
  { value: 'on', label: '开放预约' },
  { value: 'off', label: '暂停预约' },
] as const
const APPROVAL_OPTIONS = [
  { value: 'no', label: '预约后直接生效' },
  { value: 'yes', label: '需工作人员审核' },
] as const

/** 90 minutes in hours → "1.5"; 20 → "0.33". */
const inUnits = (minutes: number, unit: number) => String(Number((minutes / unit).toFixed(2)))
const DECIMAL = /^\d+(\.\d+)?$/
const WHOLE = /^\d+$/

/** What a new room or tool starts with (the same as the server's defaults; a tool is lent for 1–3 days). */
function initialDraft(room: Room | null, kind: ResourceKind): Draft {
  const r = room?.rules
  const tool = kind === 'tool'
  return {
    kind,
    name: room?.name ?? '',
    category: room?.category ?? (tool ? '共享工具' : ''),
    capacity: room ? String(room.capacity) : tool ? '1' : '',
    facilities: room?.facilities.join('，') ?? '',
    description: room?.description ?? '',
    active: room?.active ?? true,
    photos: room?.photos ?? [],
    slotMinutes: r && r.slotMinutes === 60 ? 60 : 30,
    minDuration: r ? inUnits(r.minDurationMinutes, tool ? MINUTES_PER_DAY : 60) : tool ? '1' : '0.5',
    maxDuration: r ? inUnits(r.maxDurationMinutes, tool ? MINUTES_PER_DAY : 60) : tool ? '3' : '4',
    advanceDays: String(r?.advanceDays ?? 14),
    minNoticeHours: inUnits(r?.minNoticeMinutes ?? (tool ? 30 : 60), 60),
    requiresApproval: r?.requiresApproval ?? false,
    bufferMinutes: String(r?.bufferMinutes ?? 0),
    maxActivePerPerson: String(r?.maxActivePerPerson ?? (tool ? 1 : 2)),
    cancelDeadlineHours: inUnits(r?.cancelDeadlineMinutes ?? (tool ? 0 : 120), 60),
    noShowAfterMinutes: String(r?.noShowAfterMinutes ?? 15),
  }
}

function validate(d: Draft): Partial<Record<Field, string>> {
  const e: Partial<Record<Field, string>> = {}
  const tool = d.kind === 'tool'
  if (d.name.trim().length < 2) e.name = '名称至少2个字'
  if (d.category.trim().length < 2) e.category = '分类至少2个字，例如：会议培训'
  if (!WHOLE.test(d.capacity.trim()) || Number(d.capacity) < 1) e.capacity = '请填写人数（至少1）'
  const durationMessage = tool ? '请填写整数天数' : '请填写小时数，可填0.5'
  if (!(tool ? WHOLE : DECIMAL).test(d.minDuration.trim())) e.minDuration = durationMessage
  if (!(tool ? WHOLE : DECIMAL).test(d.maxDuration.trim())) e.maxDuration = durationMessage
  if (!WHOLE.test(d.advanceDays.trim())) e.advanceDays = '请填写天数'
  if (!DECIMAL.test(d.minNoticeHours.trim())) e.minNoticeHours = '请填写小时数，不需要请填0'
  if (!tool && !WHOLE.test(d.bufferMinutes.trim())) e.bufferMinutes = '请填写分钟数，不需要请填0'
  if (!WHOLE.test(d.maxActivePerPerson.trim())) e.maxActivePerPerson = '请填写次数'
  if (!DECIMAL.test(d.cancelDeadlineHours.trim())) e.cancelDeadlineHours = '请填写小时数，随时可取消请填0'
  if (!tool && !WHOLE.test(d.noShowAfterMinutes.trim())) e.noShowAfterMinutes = '请填写分钟数'
  return e
}

/** The body of POST /api/staff/rooms (without the station) and PATCH /api/staff/rooms/:id (every field). */
function bodyOf(d: Draft, room: Room | null): RoomFields {
  const tool = d.kind === 'tool'
  const minutes = (hours: string) => Math.round(Number(hours.trim()) * 60)
  const duration = (s: string) => (tool ? Number(s.trim()) * MINUTES_PER_DAY : minutes(s))
  return {
    kind: d.kind,
    name: d.name.trim(),
    category: d.category.trim(),
    capacity: Number(d.capacity.trim()),
    facilities: d.facilities
      .split(/[,，、;；\n]/)
      .map((f) => f.trim())
      .filter(Boolean),
    description: d.description.trim(),
    photoIds: d.photos.map((p) => p.id),
    active: d.active,
    rules: {
      slotMinutes: tool ? MINUTES_PER_DAY : d.slotMinutes,
      minDurationMinutes: duration(d.minDuration),
      maxDurationMinutes: duration(d.maxDuration),
      advanceDays: Number(d.advanceDays.trim()),
      minNoticeMinutes: minutes(d.minNoticeHours),
      requiresApproval: d.requiresApproval,
      // A tool is lent by the day: no buffer between uses, and it is 爽约 only when not picked up that day.
      bufferMinutes: tool ? (room?.rules.bufferMinutes ?? 0) : Number(d.bufferMinutes.trim()),
      maxActivePerPerson: Number(d.maxActivePerPerson.trim()),
      cancelDeadlineMinutes: minutes(d.cancelDeadlineHours),
      noShowAfterMinutes: tool ? (room?.rules.noShowAfterMinutes ?? 15) : Number(d.noShowAfterMinutes.trim()),
    },
  }
}

/** Adds a room or tool to a station (room null), or edits one with its booking rules. */
export function RoomForm({ station, room, kind, onDone }: { station: Station; room: Room | null; kind: ResourceKind; onDone: () => void }) {
  const queryClient = useQueryClient()
  const [draft, setDraft] = useState<Draft>(() => initialDraft(room, room?.kind ?? kind))
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({})
  const [uploading, setUploading] = useState(false)
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }))
    setErrors((e) => ({ ...e, [key]: undefined }))
  }
  const action = (body: RoomFields) => JSON.stringify([room?.id ?? `new:${station.id}`, body])
  const save = useIdempotentMutation({
    mutationFn: (body: RoomFields, key) => (room ? updateRoom(room.id, body, key) : createRoom({ ...body, stationId: station.id }, key)),
    action,
    onSuccess: () => {
      refreshAfterStaffWrite(queryClient)
      void Taro.showToast({ title: room ? '已保存' : '已新增', icon: 'none' })
      onDone()
    },
  })
  const server = fieldErrorsOf(save.error, FIELD_OF)
  const tool = draft.kind === 'tool'
  const noun = RESOURCE_KIND_LABELS[draft.kind]

  const submit = () => {
    const found = validate(draft)
    setErrors(found)
    if (Object.keys(found).length > 0 || uploading) return
    save.mutate(bodyOf(draft, room))
  }

  const error = (f: Field) => {
    const message = errors[f] ?? server.fields[f]
    return message ? <View className={`form-error form-error--${f}`}>{message}</View> : null
  }
  const number = (f: Exclude<Field, 'photos' | 'kind' | 'active' | 'slotMinutes' | 'requiresApproval'>, label: string, hint: string, placeholder: string) => (
    <>
      <View className='field__label'>{label}</View>
      {hint ? <View className='field__hint'>{hint}</View> : null}
      <TextField type={DECIMAL_FIELDS.has(f) && !(tool && DAY_FIELDS.has(f)) ? 'text' : 'number'} value={draft[f]} placeholder={placeholder} label={label} maxLength={8} onChange={(v) => set(f, v)} />
      {error(f)}
    </>
  )

  return (
    <View className='card room-form'>
      <View className='room-form__title'>{room ? `编辑「${room.name}」` : `新增${noun}`}</View>
      <View className='muted'>{station.name}</View>
      {room ? null : (
        <>
          <View className='field__label'>类型</View>
          <ChoiceButtons
            options={KIND_OPTIONS}
            value={draft.kind}
            onChange={(k) => {
              if (k !== draft.kind) setDraft((d) => ({ ...initialDraft(null, k), name: d.name, description: d.description, facilities: d.facilities, photos: d.photos }))
            }}
          />
        </>
      )}
      <View className='field__label'>名称</View>
      <TextField value={draft.name} placeholder={tool ? '例如：人字梯' : '例如：会议培训室'} label='名称' maxLength={30} onChange={(v) => set('name', v)} />
      {error('name')}
      <View className='field__label'>分类</View>
      <TextField value={draft.category} placeholder='例如：会议培训、图书阅览、文体活动' label='分类' maxLength={20} onChange={(v) => set('category', v)} />
      {error('category')}
      {number('capacity', tool ? '每次借用人数上限' : '容纳人数', '', '例如：30人')}
      <View className='field__label'>{tool ? '配件（可不填）' : '设施（可不填）'}</View>
      <View className='field__hint'>用逗号隔开，例如：投影仪，麦克风，白板</View>
      <TextField value={draft.facilities} placeholder='投影仪，麦克风，白板' label={tool ? '配件' : '设施'} maxLength={200} onChange={(v) => set('facilities', v)} />
      {error('facilities')}
      <View className='field__label'>介绍（可不填）</View>
      <TextArea value={draft.description} placeholder='位置、适合的用途、使用须知' label='介绍' maxLength={300} onChange={(v) => set('description', v)} />
      {error('description')}
      <View className='field__label'>照片（可不传，最多{PHOTOS_MAX}张）</View>
      <PhotoPicker photos={draft.photos} onChange={(p) => set('photos', p)} max={PHOTOS_MAX} purpose='station_photo' onBusyChange={setUploading} />
      {error('photos')}
      <View className='field__label'>状态</View>
      <ChoiceButtons options={ACTIVE_OPTIONS} value={draft.active ? 'on' : 'off'} onChange={(v) => set('active', v === 'on')} />
      {error('active')}

      <View className='room-form__section'>预约规则</View>
      {tool ? (
        <View className='field__hint'>共享工具按天借用：开放时间内领取和归还。</View>
      ) : (
        <>
          <View className='field__label'>时段长度</View>
          <ChoiceButtons options={SLOT_OPTIONS} value={draft.slotMinutes} onChange={(v) => set('slotMinutes', v)} />
          {error('slotMinutes')}
        </>
      )}
      {number('minDuration', tool ? '最短借用（天）' : '最短使用（小时）', tool ? '' : '应为时段长度的整数倍，可填0.5', tool ? '例如：1天' : '例如：0.5小时')}
      {number('maxDuration', tool ? '最长借用（天）' : '最长使用（小时）', '', tool ? '例如：3天' : '例如：4小时')}
      {number('advanceDays', '最多提前几天预约', '0表示只能约当天', '例如：14天')}
      {number('minNoticeHours', '至少提前几小时预约（小时）', '不需要请填0', '例如：1小时')}
      <View className='field__label'>审核</View>
      <ChoiceButtons options={APPROVAL_OPTIONS} value={draft.requiresApproval ? 'yes' : 'no'} onChange={(v) => set('requiresApproval', v === 'yes')} />
      {error('requiresApproval')}
      {tool ? null : number('bufferMinutes', '两次使用之间留出（分钟）', '用于打扫、布置，不需要请填0', '例如：10分钟')}
      {number('maxActivePerPerson', '每人同时最多几个预约', '', '例如：2个')}
      {number('cancelDeadlineHours', '开始前几小时可以取消（小时）', '随时可取消请填0', '例如：2小时')}
      {tool ? null : number('noShowAfterMinutes', '开始后多久未签到记为爽约（分钟）', '', '例如：15分钟')}

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

/** Fields that take a decimal point (the number keyboard of the mini-program has none). */
const DECIMAL_FIELDS = new Set<Field>(['minDuration', 'maxDuration', 'minNoticeHours', 'cancelDeadlineHours'])
/** Fields a tool counts in whole days. */
const DAY_FIELDS = new Set<Field>(['minDuration', 'maxDuration'])

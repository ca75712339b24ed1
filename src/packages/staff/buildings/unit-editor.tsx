import { View } from '@tarojs/components'
import { ChoiceButtons } from '../../../components/choice-buttons'
import { TextArea } from '../../../components/text-area'
import { TextField } from '../../../components/text-field'
import { roomsOf, roomsPreview, type RoomsMode, type UnitDraft } from './room-numbers'

const MODES: { value: RoomsMode; label: string }[] = [
  { value: 'floors', label: '按楼层生成' },
  { value: 'list', label: '逐个填写' },
]

/**
 * One unit's room numbers: generated from the floors and flats per floor, or typed as a list. The numbers it makes
 * are shown as they are typed, so staff see the count and the pattern before saving. `existing`: room numbers the
 * unit already has, which adding leaves as they are (not counted as new).
 */
export function UnitEditor({
  value,
  onChange,
  unitNoField = true,
  existing,
  error,
  className,
}: {
  value: UnitDraft
  onChange: (next: UnitDraft) => void
  /** false when the unit is chosen elsewhere (adding flats to an existing unit). */
  unitNoField?: boolean
  existing?: ReadonlySet<string>
  /** A problem to show now (after saving was tried, or from the server). */
  error?: string
  className?: string
}) {
  const set = <K extends keyof UnitDraft>(key: K, v: UnitDraft[K]) => onChange({ ...value, [key]: v })
  const { rooms, problem } = roomsOf(value)
  const fresh = existing ? rooms.filter((r) => !existing.has(r)) : rooms
  const already = rooms.length - fresh.length
  return (
    <View className={['unit-editor', className ?? ''].filter(Boolean).join(' ')}>
      {unitNoField ? (
        <>
          <View className='field__label'>单元</View>
          <TextField value={value.unitNo} placeholder='例如：1单元' label='单元' maxLength={20} onChange={(v) => set('unitNo', v)} />
        </>
      ) : null}
      <ChoiceButtons className='unit-editor__modes' options={MODES} value={value.mode} onChange={(m) => set('mode', m)} />
      {value.mode === 'floors' ? (
        <>
          <View className='unit-editor__floors'>
            <View className='unit-editor__part'>
              <View className='unit-editor__word'>从</View>
              <TextField className='unit-editor__number' type='number' value={value.fromFloor} placeholder='1' label='起始楼层' maxLength={2} onChange={(v) => set('fromFloor', v)} />
              <View className='unit-editor__word'>层到</View>
              <TextField className='unit-editor__number' type='number' value={value.toFloor} placeholder='6' label='最高楼层' maxLength={2} onChange={(v) => set('toFloor', v)} />
              <View className='unit-editor__word'>层，</View>
            </View>
            <View className='unit-editor__part'>
              <View className='unit-editor__word'>每层</View>
              <TextField className='unit-editor__number' type='number' value={value.perFloor} placeholder='2' label='每层户数' maxLength={2} onChange={(v) => set('perFloor', v)} />
              <View className='unit-editor__word'>户</View>
            </View>
          </View>
          <View className='field__hint'>门牌号为楼层加两位户号，例如6层第2户是602。首层是商铺时，从2层起。</View>
        </>
      ) : (
        <>
          <TextArea value={value.list} placeholder='例如：101 102 201 202，或 101-106' label='门牌号' maxLength={2000} onChange={(v) => set('list', v)} />
          <View className='field__hint'>用空格、逗号或换行分开；连续的号码可写成 101-106。</View>
        </>
      )}
      {rooms.length && !problem ? (
        <View className='unit-editor__preview'>
          {existing ? `新增${fresh.length}户` : `共${rooms.length}户`}
          {already ? `（${already}户已有，不会重复添加）` : ''}：{roomsPreview(rooms)}
        </View>
      ) : null}
      {error ? <View className='form-error form-error--rooms'>{error}</View> : problem && rooms.length ? <View className='form-error form-error--rooms'>{problem}</View> : null}
    </View>
  )
}

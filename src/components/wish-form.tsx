import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Picker, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import {
  CONTACT_PREFERENCE_LABELS,
  CONTACT_PREFERENCES,
  WISH_CATEGORIES,
  WISH_CATEGORY_LABELS,
  type ContactPreference,
  type WishCategory,
} from '../../types/api/labels'
import type { CreateWishRequest, Upload } from '../../types/api/wishes'
import { formatDate, todayInChina } from '../utils/format'
import { WISH_LIMITS } from '../utils/wish-limits'
import { ChoiceButtons } from './choice-buttons'
import { PhotoPicker } from './photo-picker'
import { TextArea } from './text-area'
import { TextField } from './text-field'
import { chinaNow } from '../utils/clock'
import './form.scss'
import './wish-form.scss'

/**
 * The fields of a wish as the form holds them (text as typed), shared by the resident's 发布心愿 and staff's
 * 代居民发布. Photos are uploaded as soon as they are picked; the draft keeps their ids.
 */
type WishDraft = {
  category: WishCategory | null
  title: string
  description: string
  photos: Upload[]
  value: string
  contactPreference: ContactPreference | null
  neededBy: string | null
}
export type WishField = keyof WishDraft
type WishFieldErrors = Partial<Record<WishField, string>>

const EMPTY_WISH_DRAFT: WishDraft = { category: null, title: '', description: '', photos: [], value: '', contactPreference: null, neededBy: null }

const { titleMin: TITLE_MIN, titleMax: WISH_TITLE_MAX, descriptionMin: DESCRIPTION_MIN, descriptionMax: WISH_DESCRIPTION_MAX, photosMax: WISH_PHOTOS_MAX, valueMax: VALUE_MAX } = WISH_LIMITS

/** Characters as the server counts them (JS string length, after trimming). */
const length = (s: string) => s.trim().length

/**
 * The contract's rules (types/api/wishes.ts ZWishFields), checked before sending so each field can say what is
 * wrong; the server checks again. `maxValueYuan` is the community's cap when the page knows it (staff).
 */
function validateWishDraft(d: WishDraft, options: { maxValueYuan?: number } = {}): WishFieldErrors {
  const e: WishFieldErrors = {}
  if (!d.category) e.category = '请选择心愿类别'
  if (length(d.title) < TITLE_MIN) e.title = `标题至少${TITLE_MIN}个字`
  else if (length(d.title) > WISH_TITLE_MAX) e.title = `标题最多${WISH_TITLE_MAX}个字`
  if (length(d.description) < DESCRIPTION_MIN) e.description = `请把心愿说得具体些（至少${DESCRIPTION_MIN}个字）`
  else if (length(d.description) > WISH_DESCRIPTION_MAX) e.description = `描述最多${WISH_DESCRIPTION_MAX}个字`
  if (d.photos.length > WISH_PHOTOS_MAX) e.photos = `最多${WISH_PHOTOS_MAX}张照片`
  const value = d.value.trim()
  const cap = options.maxValueYuan ?? VALUE_MAX
  if (!value) e.value = '请填写估算价值（元），不需要花钱请填0'
  else if (!/^\d+$/.test(value)) e.value = '请填写整数金额'
  else if (Number(value) > cap) e.value = options.maxValueYuan ? `本社区心愿价值上限为${cap}元` : `金额最多${cap}元`
  if (!d.contactPreference) e.contactPreference = '请选择联系方式'
  // A draft kept from an earlier day may hold a day that has passed.
  if (d.neededBy && d.neededBy < todayInChina()) e.neededBy = '希望完成日期不能早于今天'
  return e
}

/** The request body of a valid draft (call validateWishDraft first). */
function wishFieldsOf(d: WishDraft): CreateWishRequest {
  return {
    category: d.category!,
    title: d.title.trim(),
    description: d.description.trim(),
    photoIds: d.photos.map((p) => p.id),
    valueYuan: Number(d.value.trim()),
    contactPreference: d.contactPreference!,
    neededBy: d.neededBy,
  }
}

/** Where the server's messages about the request body are shown: path heads and field-specific codes. */
export const WISH_FIELD_OF: Record<string, WishField> = {
  category: 'category',
  title: 'title',
  description: 'description',
  photoIds: 'photos',
  valueYuan: 'value',
  contactPreference: 'contactPreference',
  neededBy: 'neededBy',
  WISH_VALUE_TOO_HIGH: 'value',
  PHOTO_NOT_FOUND: 'photos',
  UPLOAD_INVALID: 'photos',
}

/** Where a resident's draft is kept: per account, so another person on the same phone does not find it. */
export const wishDraftKey = (userId: number) => `doorstep.wish-draft.${userId}`

function readDraft(storageKey: string): WishDraft {
  const stored = Taro.getStorageSync(storageKey) as Partial<WishDraft> | ''
  if (!stored || typeof stored !== 'object') return EMPTY_WISH_DRAFT
  return { ...EMPTY_WISH_DRAFT, ...stored, photos: Array.isArray(stored.photos) ? stored.photos.slice(0, WISH_PHOTOS_MAX) : [] }
}

/**
 * The form's state: the draft is written to storage on every change and read back when the page opens again,
 * so leaving the page (or the mini-program) loses nothing; `clear()` forgets it after a successful submission.
 */
export function useWishForm(storageKey: string, options: { maxValueYuan?: number } = {}) {
  const [draft, setDraft] = useState<WishDraft>(() => readDraft(storageKey))
  const [errors, setErrors] = useState<WishFieldErrors>({})
  const [uploading, setUploading] = useState(false)
  const [cleared, setCleared] = useState(false)
  useEffect(() => {
    if (cleared) return
    Taro.setStorageSync(storageKey, draft)
  }, [storageKey, draft, cleared])

  return {
    draft,
    errors,
    uploading,
    setUploading,
    set<K extends WishField>(key: K, value: WishDraft[K]) {
      setCleared(false)
      setDraft((d) => ({ ...d, [key]: value }))
      setErrors((e) => ({ ...e, [key]: undefined }))
    },
    /** Checks the draft; the body to send, or null with the messages shown on the fields. */
    validate(): CreateWishRequest | null {
      const found = validateWishDraft(draft, options)
      if (uploading) found.photos = '照片还在上传，请稍候'
      setErrors(found)
      return Object.values(found).some(Boolean) ? null : wishFieldsOf(draft)
    },
    showErrors(fields: WishFieldErrors) {
      setErrors((e) => ({ ...e, ...fields }))
    },
    clear() {
      Taro.removeStorageSync(storageKey)
      setCleared(true)
      setDraft(EMPTY_WISH_DRAFT)
      setErrors({})
    },
  }
}

type WishForm = ReturnType<typeof useWishForm>

const CATEGORY_OPTIONS = WISH_CATEGORIES.map((c) => ({ value: c, label: WISH_CATEGORY_LABELS[c] }))
const CONTACT_OPTIONS = CONTACT_PREFERENCES.map((c) => ({ value: c, label: CONTACT_PREFERENCE_LABELS[c] }))

function Counter({ value, max }: { value: string; max: number }) {
  const n = length(value)
  return <View className={`field__counter${n > max ? ' field__counter--over' : ''}`}>{`${n}/${max}`}</View>
}

/** The fields of a wish, each with its message under it. */
export function WishFormFields({ form, maxValueYuan }: { form: WishForm; maxValueYuan?: number }) {
  const { draft, errors, set } = form
  const today = todayInChina()
  const lastDay = chinaNow().add(1, 'year').format('YYYY-MM-DD')
  const error = (field: WishField) => (errors[field] ? <View className={`form-error form-error--${field}`}>{errors[field]}</View> : null)
  return (
    <View className='wish-form'>
      <View className='field__label'>心愿类别</View>
      <ChoiceButtons className='wish-form__categories' options={CATEGORY_OPTIONS} value={draft.category} onChange={(c) => set('category', c)} />
      {error('category')}

      <View className='field__label'>心愿标题</View>
      <TextField value={draft.title} placeholder='一句话说清想要什么，如：想要一台收音机' label='心愿标题' maxLength={WISH_TITLE_MAX + 20} onChange={(v) => set('title', v)} />
      <Counter value={draft.title} max={WISH_TITLE_MAX} />
      {error('title')}

      <View className='field__label'>详细描述</View>
      <TextArea
        value={draft.description}
        placeholder='为什么需要、需要什么样的，方便志愿者准备'
        label='详细描述'
        maxLength={WISH_DESCRIPTION_MAX + 100}
        onChange={(v) => set('description', v)}
      />
      <Counter value={draft.description} max={WISH_DESCRIPTION_MAX} />
      {error('description')}

      <View className='field__label'>照片（可不传，最多{WISH_PHOTOS_MAX}张）</View>
      <PhotoPicker photos={draft.photos} onChange={(photos) => set('photos', photos)} max={WISH_PHOTOS_MAX} purpose='wish_photo' onBusyChange={form.setUploading} />
      {error('photos')}

      <View className='field__label'>估算价值（元）</View>
      <View className='field__hint'>{maxValueYuan ? `整数，不超过${maxValueYuan}元；` : '整数；'}陪伴、帮忙等不需要花钱的心愿填0</View>
      <TextField type='number' value={draft.value} placeholder='例如：80' label='估算价值（元）' maxLength={6} onChange={(v) => set('value', v)} />
      {error('value')}

      <View className='field__label'>认领后怎么联系</View>
      <ChoiceButtons className='wish-form__contacts' options={CONTACT_OPTIONS} value={draft.contactPreference} onChange={(c) => set('contactPreference', c)} />
      {error('contactPreference')}

      <View className='field__label'>希望完成日期（可不选）</View>
      <View className='wish-form__date'>
        <Picker mode='date' value={draft.neededBy ?? today} start={today} end={lastDay} onChange={(e) => set('neededBy', String(e.detail.value))}>
          <View className='wish-form__date-value tap-target'>{draft.neededBy ? formatDate(draft.neededBy) : '不限日期，点此选择'}</View>
        </Picker>
        {draft.neededBy ? (
          <Button className='tap-target' onClick={() => set('neededBy', null)}>
            不限日期
          </Button>
        ) : null}
      </View>
      {error('neededBy')}
    </View>
  )
}

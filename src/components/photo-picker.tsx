import { useEffect, useRef, useState } from 'react'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { Upload } from '../../types/api/wishes'
import { ApiError, apiUrl, NETWORK_ERROR_MESSAGE } from '../services/http'
import { chooseImages, thumbnailUrl, uploadImage, type UploadPurpose } from '../services/uploads'
import './form.scss'
import './photo-picker.scss'
import { Picture } from './picture'

type Uploading = { key: number; path: string; progress: number }
let nextKey = 1

/**
 * Up to `max` photos: 添加照片 picks from the album or camera, each picture is uploaded at once (with its
 * progress shown on its tile), and each uploaded one has a 删除 button. `photos` are the uploaded ones;
 * `onBusyChange` says whether an upload is still running (the form waits for it before sending).
 */
export function PhotoPicker({
  photos,
  onChange,
  max,
  purpose,
  addText = '添加照片',
  onBusyChange,
}: {
  photos: Upload[]
  onChange: (photos: Upload[]) => void
  max: number
  purpose: UploadPurpose
  addText?: string
  onBusyChange?: (busy: boolean) => void
}) {
  const [uploading, setUploading] = useState<Uploading[]>([])
  // A private picture (a 党员证) has no public URL: its tile shows the file picked on the phone.
  const [localPaths, setLocalPaths] = useState<Record<number, string>>({})
  const [error, setError] = useState<string | null>(null)
  // Uploads finish one by one after the render that started them: each adds to the latest list.
  const latest = useRef(photos)
  latest.current = photos
  const busy = uploading.length > 0
  useEffect(() => onBusyChange?.(busy), [busy, onBusyChange])
  const room = max - photos.length - uploading.length

  const add = async () => {
    setError(null)
    const paths = await chooseImages(room)
    for (const path of paths) {
      const key = nextKey++
      setUploading((list) => [...list, { key, path, progress: 0 }])
      uploadImage(path, purpose, (progress) => setUploading((list) => list.map((u) => (u.key === key ? { ...u, progress } : u))))
        .then((upload) => {
          setLocalPaths((known) => ({ ...known, [upload.id]: path }))
          latest.current = [...latest.current, upload]
          onChange(latest.current)
        })
        .catch((err: unknown) => setError(`照片上传失败：${err instanceof ApiError ? err.message : NETWORK_ERROR_MESSAGE}`))
        .finally(() => setUploading((list) => list.filter((u) => u.key !== key)))
    }
  }

  return (
    <View className='photo-picker'>
      <View className='photo-picker__grid'>
        {photos.map((p, i) => (
          <View key={p.id} className='photo-picker__item'>
            <Picture className='photo-picker__image' src={p.url ? apiUrl(thumbnailUrl(p.url)) : (localPaths[p.id] ?? '')} mode='aspectFill' label={`第${i + 1}张照片`} />
            <Button size='small' className='tap-target photo-picker__remove' onClick={() => onChange(photos.filter((x) => x.id !== p.id))}>
              删除
            </Button>
          </View>
        ))}
        {uploading.map((u) => (
          <View key={u.key} className='photo-picker__item photo-picker__item--uploading'>
            <Picture className='photo-picker__image' src={u.path} mode='aspectFill' label='正在上传的照片' />
            <View className='photo-picker__progress'>上传中 {u.progress}%</View>
          </View>
        ))}
      </View>
      {room > 0 ? (
        <Button block className='tap-target photo-picker__add' onClick={() => void add()}>
          {addText}（还可添加{room}张）
        </Button>
      ) : null}
      {error ? <View className='form-error'>{error}</View> : null}
    </View>
  )
}

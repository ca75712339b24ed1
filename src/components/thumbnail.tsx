import Taro from '@tarojs/taro'
import { apiUrl } from '../services/http'
import { Picture } from './picture'
import './thumbnail.scss'

/**
 * A record's picture at the left of its list card (a shop item, an activity, a station): the server's small
 * thumbnail — its photo's, or the default picture of its kind — in a fixed square, so the card does not jump
 * while it loads, cropped to fill, and loaded only when scrolled near. Decoration beside the title that says
 * what it is.
 */
export function Thumbnail({ url, large = false }: { url: string; large?: boolean }) {
  return <Picture className={large ? 'thumbnail thumbnail--large' : 'thumbnail'} src={apiUrl(url)} mode='aspectFill' lazyLoad label={null} />
}

/**
 * The full picture at the top of a detail page, in a fixed frame. A photo opens large when tapped (`label` says
 * so); a default picture (`photo` false) is decoration only.
 */
export function PictureBanner({ url, photo, label }: { url: string; photo: boolean; label: string }) {
  const src = apiUrl(url)
  return photo ? (
    <Picture className='picture-banner' src={src} mode='aspectFill' label={label} onClick={() => void Taro.previewImage({ urls: [src], current: src })} />
  ) : (
    <Picture className='picture-banner' src={src} mode='aspectFill' label={null} />
  )
}

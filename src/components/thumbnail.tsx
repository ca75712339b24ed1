import Taro from '@tarojs/taro'
import { Image } from '@tarojs/components'
import { apiUrl } from '../services/http'
import './thumbnail.scss'

/**
 * A record's picture at the left of its list card (a shop item, an activity, a station): the server's small
 * thumbnail — its photo's, or the default picture of its kind — in a fixed square, so the card does not jump
 * while it loads, cropped to fill, and loaded only when scrolled near. Decoration beside the title that says
 * what it is: empty alt and hidden from screen readers.
 */
export function Thumbnail({ url, large = false }: { url: string; large?: boolean }) {
  return (
    <Image
      className={large ? 'thumbnail thumbnail--large' : 'thumbnail'}
      src={apiUrl(url)}
      mode='aspectFill'
      lazyLoad
      imgProps={{ alt: '', 'aria-hidden': true }}
    />
  )
}

/**
 * The full picture at the top of a detail page, in a fixed frame. A photo opens large when tapped (`label` says
 * so to a screen reader); a default picture (`photo` false) is decoration only.
 */
export function PictureBanner({ url, photo, label }: { url: string; photo: boolean; label: string }) {
  const src = apiUrl(url)
  return photo ? (
    <Image className='picture-banner' src={src} mode='aspectFill' ariaLabel={label} onClick={() => void Taro.previewImage({ urls: [src], current: src })} />
  ) : (
    <Image className='picture-banner' src={src} mode='aspectFill' imgProps={{ alt: '', 'aria-hidden': true }} />
  )
}

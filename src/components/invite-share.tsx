import Taro from '@tarojs/taro'
import { Button as TaroButton, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import './invite-share.scss'

/**
 * An invitation made, ready to pass on: in WeChat a share card (the page's useShareAppMessage gives its path), in
 * the H5 build the link to copy. `note` says how long it holds and for whom.
 */
export function InviteShare({ path, note, shareText }: { path: string; note: string; shareText: string }) {
  const link = process.env.TARO_ENV === 'h5' ? `${window.location.origin}${window.location.pathname}#/${path}` : null
  return (
    <View className='invite-share'>
      <View className='invite-share__valid'>{note}</View>
      {process.env.TARO_ENV === 'weapp' ? (
        // Taro's own button: open-type share needs it.
        <TaroButton className='invite-share__share tap-target' openType='share'>
          {shareText}
        </TaroButton>
      ) : (
        <>
          <View className='invite-share__link'>{link}</View>
          <Button block className='tap-target invite-share__copy' onClick={() => void Taro.setClipboardData({ data: link ?? '' })}>
            复制邀请链接
          </Button>
        </>
      )}
    </View>
  )
}

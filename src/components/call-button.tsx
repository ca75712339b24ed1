import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'

/** 拨打 138…: the phone's dialler with the number (a refusal or a cancel is nothing to report). */
export function CallButton({ phone, className }: { phone: string; className?: string }) {
  return (
    <Button size='small' className={`tap-target ${className ?? ''}`} onClick={() => void Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined)}>
      拨打 {phone}
    </Button>
  )
}

import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { maskPhone } from '../../types/phone'

/**
 * 拨打 138****5678: the phone's dialler with the whole number, which is never printed (the app's one phone rule:
 * numbers show masked). A refusal or a cancel is nothing to report.
 */
export function CallButton({ phone, className }: { phone: string; className?: string }) {
  return (
    <Button size='small' className={`tap-target ${className ?? ''}`} onClick={() => void Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined)}>
      拨打 {maskPhone(phone)}
    </Button>
  )
}

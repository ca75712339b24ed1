import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import './decision-buttons.scss'

/** 通过 and 不通过 side by side, as staff decide an application; 通过 waits while it is being sent. */
export function DecisionButtons({ approving, onApprove, onReject }: { approving: boolean; onApprove: () => void; onReject: () => void }) {
  return (
    <View className='decision-buttons'>
      <Button type='primary' className='tap-target decision-buttons__approve' disabled={approving} onClick={onApprove}>
        {approving ? '正在提交…' : '通过'}
      </Button>
      <Button className='tap-target decision-buttons__reject' onClick={onReject}>
        不通过
      </Button>
    </View>
  )
}

import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery } from '@tanstack/react-query'
import type { Room, Station } from '../../../../types/api/booking'
import { QrCode } from '../../../components/qr-code'
import { QueryView } from '../../../components/query-view'
import { staffBookingKeys, getCheckInCode } from '../../../services/staff/booking'

/** The room's check-in code as a QR large enough to print, with the room's name, to post at its door. */
export function CheckInQr({ station, room, onBack }: { station: Station; room: Room; onBack: () => void }) {
  const code = useQuery({ queryKey: staffBookingKeys.checkInCode(room.id), queryFn: () => getCheckInCode(room.id) })
  return (
    <View>
      <QueryView query={code}>
        {(c) => (
          <View className='card check-in-poster'>
            <View className='check-in-poster__station'>{station.name}</View>
            <View className='check-in-poster__room'>{room.name}</View>
            <View className='check-in-poster__title'>预约签到码</View>
            <QrCode className='check-in-poster__qr' value={c.code} label={`「${room.name}」的签到二维码`} />
            <View className='check-in-poster__hint'>预约人到场后，打开「家门口」小程序扫描此码签到（开始前15分钟起可签到）</View>
          </View>
        )}
      </QueryView>
      <View className='muted check-in-poster__tip'>截屏后打印，张贴在场地门口。</View>
      <Button block className='tap-target' onClick={onBack}>
        返回
      </Button>
    </View>
  )
}

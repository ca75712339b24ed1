import { Picker, View } from '@tarojs/components'
import { formatDate } from '../../../utils/format'
import './date-field.scss'

/** A day picked with the platform's date picker, drawn as a box under its label. */
export function DateField({ label, value, onChange }: { label: string; value: string; onChange: (day: string) => void }) {
  return (
    <View className='date-field'>
      <View className='field__label'>{label}</View>
      <Picker mode='date' value={value} onChange={(e) => onChange(String(e.detail.value))}>
        <View className='date-field__value tap-target' aria-label={label}>
          {formatDate(value)}
        </View>
      </Picker>
    </View>
  )
}

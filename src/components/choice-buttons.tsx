import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import './choice-buttons.scss'

/** A row of labelled buttons of which one is chosen (large enough for older fingers, unlike tabs). */
export function ChoiceButtons<T extends string | number>({
  options,
  value,
  onChange,
  className,
}: {
  options: readonly { value: T; label: string }[]
  value: T | null
  onChange: (value: T) => void
  className?: string
}) {
  return (
    <View className={['choice-buttons', className ?? ''].filter(Boolean).join(' ')}>
      {options.map((o) => (
        <Button
          key={String(o.value)}
          className={`tap-target choice-buttons__item${o.value === value ? ' choice-buttons__item--chosen' : ''}`}
          type='default'
          aria-pressed={o.value === value}
          onClick={() => onChange(o.value)}
        >
          {o.label}
        </Button>
      ))}
    </View>
  )
}

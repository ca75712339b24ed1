import { Input } from '@tarojs/components'
import './text-field.scss'

/**
 * A plain text box: Taro's own Input, large and bordered. (NutUI's Input always renders its clear icon, an <i>
 * element the WeChat build has no template for.)
 */
export function TextField({
  value,
  onChange,
  placeholder,
  label,
  type = 'text',
  maxLength,
  className,
  focus,
}: {
  value: string
  onChange: (value: string) => void
  placeholder?: string
  /** Read out by screen readers; the visible label is the text above the field. */
  label: string
  type?: 'text' | 'number'
  maxLength?: number
  className?: string
  /** Turning this on puts the cursor in the field (e.g. when a scan cannot be done and the code must be typed). */
  focus?: boolean
}) {
  return (
    <Input
      className={['text-field', className ?? ''].filter(Boolean).join(' ')}
      value={value}
      type={type}
      maxlength={maxLength ?? 140}
      placeholder={placeholder}
      placeholderClass='text-field__placeholder'
      ariaLabel={label}
      focus={focus}
      onInput={(e) => onChange(e.detail.value)}
    />
  )
}

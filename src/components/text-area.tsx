import { Textarea } from '@tarojs/components'
import './text-field.scss'

/** A multi-line text box in the style of TextField (Taro's own Textarea, which both builds draw). */
export function TextArea({
  value,
  onChange,
  placeholder,
  label,
  maxLength,
  className,
}: {
  value: string
  onChange: (value: string) => void
  placeholder?: string
  /** Read out by screen readers; the visible label is the text above the field. */
  label: string
  maxLength: number
  className?: string
}) {
  return (
    <Textarea
      className={['text-field', 'text-area', className ?? ''].filter(Boolean).join(' ')}
      value={value}
      maxlength={maxLength}
      placeholder={placeholder}
      placeholderClass='text-field__placeholder'
      ariaLabel={label}
      // Without iOS's extra inner padding the text lines up with TextField's.
      disableDefaultPadding
      onInput={(e) => onChange(e.detail.value)}
    />
  )
}

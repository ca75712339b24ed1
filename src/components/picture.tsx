import { Image } from '@tarojs/components'
import type { ComponentProps } from 'react'

type Props = Omit<ComponentProps<typeof Image>, 'ariaLabel' | 'nativeProps'> & {
  /** What the picture shows, for screen readers; null when it is decoration beside text that says it. */
  label: string | null
}

/**
 * An <Image> that screen readers can read in both builds: the mini-program reads `aria-label` on the image, the
 * browser reads the `alt` of the <img> Taro H5 draws inside it (without one, axe's image-alt is critical). A
 * decoration gets an empty alt and is hidden from screen readers.
 */
export function Picture({ label, ...props }: Props) {
  return label === null ? (
    <Image {...props} aria-hidden nativeProps={{ alt: '' }} />
  ) : (
    <Image {...props} ariaLabel={label} nativeProps={{ alt: label }} />
  )
}

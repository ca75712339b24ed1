import { useMemo } from 'react'
import qrcode from 'qrcode-generator'
import { Picture } from './picture'

/**
 * A QR code of `value` as a GIF data URL in an <Image>: pure JS, so it draws the same in WeChat and in H5
 * without a canvas. Size it with the class name.
 */
export function QrCode({ value, className, label }: { value: string; className?: string; label?: string }) {
  const src = useMemo(() => {
    // Type 0: the smallest version that holds the value; level M survives a scratched or glary phone screen.
    const qr = qrcode(0, 'M')
    qr.addData(value)
    qr.make()
    // 10 px modules and a 4-module quiet zone: sharp when the picture is scaled to its box.
    return qr.createDataURL(10, 4)
  }, [value])
  return <Picture className={['qr-code', className ?? ''].filter(Boolean).join(' ')} src={src} mode='aspectFit' label={label ?? `二维码：${value}`} />
}

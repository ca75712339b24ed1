import { Switch as NutSwitch } from '@nutui/nutui-react-taro'
import type { ComponentProps } from 'react'

/*
 * NutUI's Switch names its role with the mini-program's attribute (`aria-role`), which the browser does not know:
 * in H5 the switch had no role, so its aria-checked was not allowed (axe: aria-valid-attr, aria-allowed-attr, both
 * critical). In H5 it gets the standard `role`; the mini-program keeps NutUI's.
 */
const H5_ROLE = process.env.TARO_ENV === 'h5' ? { role: 'switch', ariaRole: undefined } : {}

/** NutUI's Switch, announced as a switch in both builds. */
export function Switch(props: ComponentProps<typeof NutSwitch>) {
  return <NutSwitch {...props} {...H5_ROLE} />
}

/*
 * People's names as others see them, shared by the server and the mini-program (no zod here: the client imports
 * it at run time).
 */

/** 张** for public lists and staff's lists: the surname stays, each other character becomes *. */
export function maskName(name: string): string {
  const chars = [...name.trim()]
  if (chars.length <= 1) return chars.join('') || '*'
  return chars[0] + '*'.repeat(chars.length - 1)
}

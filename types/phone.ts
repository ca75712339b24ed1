/*
 * Phone numbers as people see them, shared by the server and the mini-program (no zod here: the client imports it
 * at run time).
 */

/** 138****5678: the first three and last four digits of a mobile number stay visible. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return null
  const digits = phone.replace(/\D/g, '')
  if (digits.length < 7) return '*'.repeat(digits.length)
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`
}

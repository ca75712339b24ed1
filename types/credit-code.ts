/*
 * 统一社会信用代码, shared by the server's contract and the mini-program (no zod here: the client imports it at
 * run time).
 */

const CREDIT_CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/** GB 32100-2015: 18 characters (never I, O, S, V or Z) whose last is a check character over the first 17. */
export function isCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false
  const sum = CREDIT_CODE_WEIGHTS.reduce((acc, w, i) => acc + CREDIT_CODE_CHARS.indexOf(code[i]!) * w, 0)
  return CREDIT_CODE_CHARS[(31 - (sum % 31)) % 31] === code[17]
}

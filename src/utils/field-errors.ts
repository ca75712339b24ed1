import { ApiError } from '../services/http'

/**
 * A refused submission's messages, placed on the form's fields: the details of VALIDATION_FAILED by their path
 * (`body.title`, `title`, `photoIds.1` → the head names the field; the longest known prefix wins, so
 * `rules.advanceDays` can have a field of its own), and codes that concern one field (e.g. WISH_VALUE_TOO_HIGH)
 * by their code. `fieldOf` maps paths, path heads and codes to fields; what it does not place is in `other`,
 * for the form to show above its button.
 */
export function fieldErrorsOf<F extends string>(err: unknown, fieldOf: Record<string, F>): { fields: Partial<Record<F, string>>; other: string[] } {
  const fields: Partial<Record<F, string>> = {}
  const other: string[] = []
  if (!(err instanceof ApiError)) return { fields, other }
  const place = (key: string, message: string) => {
    const field = Object.prototype.hasOwnProperty.call(fieldOf, key) ? fieldOf[key] : undefined
    if (field === undefined) other.push(message)
    else fields[field] ??= message
  }
  if (err.code === 'VALIDATION_FAILED' && err.details?.length) {
    for (const d of err.details) {
      const parts = d.path.replace(/^body\./, '').split('.')
      let key = parts[0] ?? ''
      for (let n = parts.length; n > 1; n--) {
        const prefix = parts.slice(0, n).join('.')
        if (Object.prototype.hasOwnProperty.call(fieldOf, prefix)) {
          key = prefix
          break
        }
      }
      place(key, d.message)
    }
  } else {
    place(err.code, err.message)
  }
  return { fields, other }
}

import { AppError } from '../http/app-error'
import { violatedConstraint } from './client'

/**
 * The one place where the database's refusals become the contract's errors: runs a write and, when a constraint
 * named in `errors` refuses it, throws the AppError given for that name instead (the database's error kept as the
 * cause). Repositories call it, so services see AppErrors and never SQLSTATE codes; the constraint names are
 * those of the migrations in drizzle/. Any other failure passes through unchanged.
 */
export async function withConstraintErrors<T>(write: () => Promise<T>, errors: Record<string, () => AppError>): Promise<T> {
  try {
    return await write()
  } catch (err) {
    const name = violatedConstraint(err)
    const toAppError = name === undefined ? undefined : errors[name]
    if (!toAppError) throw err
    const mapped = toAppError()
    throw new AppError(mapped.code, { message: mapped.message, details: mapped.details, cause: err })
  }
}

import type { LedgerEntry } from '../../../../types/api/points'
import { toApiInstant } from '../../../../types/time'
import { nameForOthers } from '../org/org.domain'
import type * as repo from './points.repository'

type LedgerRow = Awaited<ReturnType<typeof repo.listLedger>>[number]
/** A ledger row for `viewerPersonId`: a child's name is cut to 王* for everyone but the child. */
export function toLedgerEntry(row: LedgerRow, viewerPersonId: number | null, now: Date): LedgerEntry {
  const { personId, personBirthYear, personName, ...rest } = row
  const name = personName === null || personId === viewerPersonId ? personName : nameForOthers({ name: personName, birthYear: personBirthYear }, now)
  return { ...rest, personName: name, createdAt: toApiInstant(row.createdAt) }
}

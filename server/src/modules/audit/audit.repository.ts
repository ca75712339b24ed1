import type { Queryable } from '../../db/client'
import { auditLog } from '../../db/schema'

/** Appends one row to the audit trail (the table takes no UPDATE, DELETE or TRUNCATE). */
export async function insertAuditRow(db: Queryable, row: typeof auditLog.$inferInsert): Promise<void> {
  await db.insert(auditLog).values(row)
}

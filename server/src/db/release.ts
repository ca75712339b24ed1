import type { DatabaseHandle } from './client'
import { sealLegacyPhones } from '../modules/privacy/seal-legacy-phones'
import type { PersonalDataCipher } from '../modules/privacy/personal-data-cipher'

/**
 * The release step: the SQL migrations of drizzle/, then the data steps SQL cannot do — sealing the phone
 * numbers migrations left in clear (`phones_to_seal`; DATA_KEY is not in the database). Safe to repeat.
 * `npm run db:migrate` runs it for a PostgreSQL deployment; the embedded server runs it at start, since only
 * that process can open its database. Answers how many numbers it sealed.
 */
export async function runReleaseSteps(handle: DatabaseHandle, cipher: PersonalDataCipher): Promise<{ sealedPhones: number }> {
  await handle.migrate()
  return { sealedPhones: await sealLegacyPhones(handle.db, cipher) }
}

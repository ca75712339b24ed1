import { loadConfig } from '../../server/src/config'
import type { DatabaseHandle } from '../../server/src/db/client'
import { seedDemoDistrict } from '../../server/src/db/seed/demo'
import { seedReferenceData } from '../../server/src/db/seed/reference'
import { PersonalDataCipher } from '../../server/src/modules/privacy/personal-data-cipher'
import { TEST_NOW } from './clock'

/**
 * The databases a test file may start from: `demo` — migrated, the holiday calendar, the demo district seeded at
 * TEST_NOW with the test data key; `blank` — migrated and the calendar only. support/database-templates.ts
 * prepares each once per run; a file then starts from a copy.
 */
export type TemplateName = 'demo' | 'blank'

export type DatabaseTemplates =
  | { kind: 'pglite'; files: Record<TemplateName, string> }
  | { kind: 'postgres'; databases: Record<TemplateName, string> }

export const TEMPLATE_NAMES: TemplateName[] = ['demo', 'blank']

/** The key the demo template's phone numbers are sealed with: the one a test app gets unless it sets DATA_KEY. */
export const TEMPLATE_DATA_KEY = loadConfig({ NODE_ENV: 'test' }).dataKey

/** Gives a migrated database a template's content. */
export async function fillTemplate(handle: DatabaseHandle, name: TemplateName): Promise<void> {
  await seedReferenceData(handle.db)
  if (name === 'demo') await seedDemoDistrict(handle.db, TEST_NOW, new PersonalDataCipher(TEMPLATE_DATA_KEY))
}

/** The template an app with this seed can start from, if any: the demo district only as the template has it. */
export function templateFor(seed: { demo: boolean; now: Date; dataKey: Buffer }): TemplateName | undefined {
  if (!seed.demo) return 'blank'
  return seed.now.getTime() === TEST_NOW.getTime() && seed.dataKey.equals(TEMPLATE_DATA_KEY) ? 'demo' : undefined
}

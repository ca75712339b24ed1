/**
 * `npm install`'s postinstall: makes the migrated embedded database that a first `npm start` copies instead of
 * creating one (server/src/db/embedded-template.ts). It never fails the install: without the template the first
 * start only takes a few seconds longer.
 */
import path from 'node:path'
import { makeEmbeddedTemplate } from '../server/src/db/embedded-template'

async function main() {
  const started = Date.now()
  try {
    const { folder, made } = await makeEmbeddedTemplate()
    if (made) console.log(`doorstep: the embedded database's template is made (${path.relative(process.cwd(), folder)}, ${((Date.now() - started) / 1000).toFixed(1)} s)`)
  } catch (err) {
    console.warn(`doorstep: the embedded database's template was not made (${(err as Error).message}); the first start creates the database itself`)
  }
}
void main()

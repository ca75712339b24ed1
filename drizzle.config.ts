import { defineConfig } from 'drizzle-kit'

// Generates SQL migrations from the schema into drizzle/ (committed). Applying them is `npm run db:migrate`.
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/src/db/schema.ts',
  out: './drizzle',
})

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { AppContext } from '../../context'

/* Scaffold: filled in by the issue-18 work. */
export const dashboardRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (_app, _opts) => {}

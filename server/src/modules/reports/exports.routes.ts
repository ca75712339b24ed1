import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ZExportParams, ZExportQuery } from '../../../../types/api/reports'
import type { AppContext } from '../../context'
import { errorResponses } from '../../http/openapi'
import { requestContext } from '../../http/request-context'
import { contentDisposition, startExport } from './exports.service'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export const exportsRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/api/staff/exports/:kind', {
    config: { access: 'staff' },
    schema: {
      tags: ['staff'],
      summary: '导出台账（.xlsx）：微心愿、场地预约、活动名单、志愿服务记录、积分明细；默认脱敏，导出完整信息需填写原因并留痕',
      security: [{ bearer: [] }],
      params: ZExportParams,
      querystring: ZExportQuery,
      response: { 200: z.any().describe(XLSX), ...errorResponses(400, 401, 403, 404, 422) },
    },
  }, async (req, reply) => {
    const started = await startExport(requestContext(ctx, req), req.principal!, req.params.kind, req.query, {
      onStreamError: (err) => req.log.error({ err, kind: req.params.kind }, 'export failed while streaming'),
    })
    return reply
      .header('content-type', XLSX)
      .header('content-disposition', contentDisposition(started.filename, started.asciiFilename))
      .header('cache-control', 'no-store')
      .send(started.body)
  })
}

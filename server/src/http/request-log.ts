import type { FastifyInstance, FastifyServerOptions } from 'fastify'
import type { Config } from '../config'

/** Where the log's JSON lines can be sent instead of stdout. */
export type LogStream = { write(line: string): void }

/**
 * The process's logger: JSON lines for a log collector, or readable lines (pino-pretty, in a worker thread) when
 * a person reads the console — on a terminal outside production, unless LOG_FORMAT says otherwise. A `stream`
 * of the embedding code's own takes the JSON lines instead.
 */
export function loggerOptions(config: Pick<Config, 'logLevel' | 'logFormat' | 'env'>, stream?: LogStream): FastifyServerOptions['logger'] {
  if (config.logLevel === 'silent') return false
  if (stream) return { level: config.logLevel, stream }
  const pretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && process.stdout.isTTY === true && config.env !== 'production')
  if (!pretty) return { level: config.logLevel }
  return {
    level: config.logLevel,
    transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,reqId', singleLine: true } },
  }
}

/**
 * One line per request is as costly as a light route (measured in docs/performance.md), so Fastify's own two
 * lines per request are off and this writes one line when a request ends: always for a server error or a slow
 * request, for a sample of the rest. Errors themselves are logged, with their stack, by the error handler.
 */
export function registerRequestLog(app: FastifyInstance, { slowMs, sample }: Config['requestLog']) {
  app.addHook('onResponse', async (request, reply) => {
    const ms = Math.round(reply.elapsedTime)
    const line = { method: request.method, url: request.url, status: reply.statusCode, ms }
    if (reply.statusCode >= 500) request.log.error(line, 'request failed')
    else if (ms >= slowMs) request.log.warn(line, 'slow request')
    else if (sample > 0 && Math.random() < sample) request.log.info(line, 'request (sampled)')
  })
}

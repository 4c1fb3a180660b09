import { Redis } from 'ioredis'
import { LossInputError, describe } from '../errors'

/** The queue's name when none is given. */
export const DEFAULT_QUEUE = 'hinge-losses'

/** BullMQ's key prefix, which the partial sums' hash shares. */
export const PREFIX = 'bull'

/** A redis:// or rediss:// URL with a host; anything else is refused before any connection is tried. */
export function checkRedisUrl(url: unknown): string {
  let parsed: URL | undefined
  try {
    parsed = typeof url === 'string' ? new URL(url) : undefined
  } catch {
    parsed = undefined
  }
  if (parsed === undefined || (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') || parsed.hostname === '') {
    const received = typeof url === 'string' ? JSON.stringify(url) : describe(url)
    throw new LossInputError('ERR_INVALID_OPTION', `redis: expected a URL such as redis://127.0.0.1:6379 (or rediss:// for TLS), received ${received}`)
  }
  const db = parsed.pathname.replace(/^\//, '')
  if (db !== '' && !/^\d+$/.test(db)) throw new LossInputError('ERR_INVALID_OPTION', `redis: the URL's path names a database by its number, received ${JSON.stringify(parsed.pathname)}`)
  return url as string
}

/** A queue name BullMQ accepts: it is part of every key, where ':' separates the parts. */
export function checkQueueName(name: unknown): string {
  if (name === undefined) return DEFAULT_QUEUE
  if (typeof name !== 'string' || name === '' || name.includes(':')) {
    throw new LossInputError('ERR_INVALID_OPTION', `queue: expected a non-empty name without ':', received ${describe(name)}`)
  }
  return name
}

/** The URL without its password, for messages. */
export const redact = (url: string): string => url.replace(/\/\/[^@/]*@/, '//***@')

/**
 * Connects once, without retrying, and pings: an unreachable server or a refused password
 * is reported at once instead of being retried for ever by the connections that follow.
 */
export async function probe(url: string, timeoutMs = 5000): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, connectTimeout: timeoutMs, enableOfflineQueue: false, disconnectTimeout: 0 })
  // The socket's own error (ECONNREFUSED, ENOTFOUND…) says more than the rejection ("Connection is closed").
  let cause: Error | undefined
  client.on('error', (error: Error) => (cause ??= error))
  try {
    await client.connect()
    await client.ping()
  } catch (error) {
    throw new LossInputError('ERR_INVALID_OPTION', `redis: cannot use ${redact(url)}: ${(cause ?? (error as Error)).message}`)
  } finally {
    client.disconnect()
  }
}

/**
 * A connection that waits out a Redis restart: ioredis reconnects with growing delays
 * (up to 2 s), and commands wait for it instead of failing (what BullMQ requires).
 */
export function lastingConnection(url: string): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: null })
  // Connection errors are retried; the owner reports them (an 'error' without a listener would throw).
  client.on('error', () => {})
  return client
}

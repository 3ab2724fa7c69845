/**
 * The Redis harness (key prefixes per test, cleanup by SCAN + UNLINK) and the TCP
 * proxy that makes a real server go down and come back. The Redis tests need a
 * server: CI sets REDIS_URL; the describe name says how otherwise.
 */
import net from 'node:net'
import { once } from 'node:events'
import { createClient } from 'redis'
import { afterEach, describe, expect, test } from 'vitest'
import { deleteRedisKeys, REDIS_HOW_TO, redisUrl, uniqueRedisPrefix } from '../src/testing/redis.js'
import { startTcpProxy, type TcpProxy } from '../src/testing/tcp-proxy.js'

const url = redisUrl()

const opened: { isOpen: boolean; destroy(): void }[] = []
const proxies: TcpProxy[] = []
afterEach(async () => {
  for (const client of opened.splice(0)) if (client.isOpen) client.destroy()
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()))
})

/** A client that fails instead of waiting: no offline queue; reconnects only if asked to. */
function newClient(to: string, reconnect: false | number) {
  return createClient({ url: to, disableOfflineQueue: true, socket: { reconnectStrategy: reconnect, connectTimeout: 2_000 } })
}
type Client = ReturnType<typeof newClient>

async function connect(to: string, reconnect: false | number = false): Promise<Client> {
  const client = newClient(to, reconnect)
  client.on('error', () => {
    // The commands under test report the failures.
  })
  opened.push(client)
  await client.connect()
  return client
}

async function proxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const started = await startTcpProxy(target)
  proxies.push(started)
  return started
}

/** An echo server: what the proxy forwards comes back. */
async function echoServer(): Promise<{ port: number; close: () => void }> {
  const sockets = new Set<net.Socket>()
  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.on('error', () => undefined)
    socket.pipe(socket)
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => {
      for (const socket of sockets) socket.destroy()
      server.close()
    },
  }
}

/** Sends a line through a new connection; resolves with the echo, rejects with the socket's error. */
function roundTrip(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text))
    socket.setTimeout(2_000, () => socket.destroy(new Error('timed out')))
    socket.once('data', (data) => {
      socket.destroy()
      resolve(data.toString())
    })
    socket.once('error', reject)
    socket.once('close', () => reject(new Error('closed before answering')))
  })
}

describe('Redis helpers without a server', () => {
  test('differs on every call and carries the pid and the label', () => {
    const first = uniqueRedisPrefix('articles')
    const second = uniqueRedisPrefix('articles')
    expect(second).not.toBe(first)
    expect(first).toMatch(new RegExp(`^pe-test:${process.pid}:\\d+:articles:$`))
    expect(uniqueRedisPrefix()).toMatch(new RegExp(`^pe-test:${process.pid}:\\d+:$`))
  })

  test('deleteRedisKeys refuses an empty prefix, which would mean every key on the server', async () => {
    await expect(deleteRedisKeys('redis://127.0.0.1:1', '')).rejects.toThrow('needs a prefix')
  })

  test('REDIS_HOW_TO says which variable enables Redis tests', () => {
    expect(REDIS_HOW_TO).toContain('REDIS_URL=redis://')
  })
})

describe('startTcpProxy', () => {
  test('forwards to the target, refuses while cut, and forwards again once restored', async () => {
    const echo = await echoServer()
    try {
      const through = await proxy({ host: '127.0.0.1', port: echo.port })
      expect(through.url('tcp')).toBe(`tcp://127.0.0.1:${through.port}`)
      expect(await roundTrip(through.port, 'before')).toBe('before')
      await through.cut()
      await expect(roundTrip(through.port, 'during')).rejects.toMatchObject({ code: 'ECONNREFUSED' })
      await through.restore()
      expect(await roundTrip(through.port, 'after')).toBe('after')
    } finally {
      echo.close()
    }
  })

  test('cut() destroys connections that are already open', async () => {
    const echo = await echoServer()
    try {
      const through = await proxy({ host: '127.0.0.1', port: echo.port })
      const socket = net.connect(through.port, '127.0.0.1')
      socket.on('error', () => undefined)
      await once(socket, 'connect')
      const closed = once(socket, 'close')
      await through.cut()
      await closed
      expect(socket.destroyed).toBe(true)
    } finally {
      echo.close()
    }
  })

  test('a closed proxy cannot be restored', async () => {
    const echo = await echoServer()
    try {
      const through = await proxy({ host: '127.0.0.1', port: echo.port })
      await through.close()
      await expect(through.restore()).rejects.toThrow('closed')
    } finally {
      echo.close()
    }
  })
})

describe.skipIf(!url)(`Redis (${REDIS_HOW_TO})`, () => {
  const target = () => {
    const parsed = new URL(url!)
    return { host: parsed.hostname, port: Number(parsed.port || 6379) }
  }

  test('deleteRedisKeys removes every key under the prefix, over many SCAN pages, and nothing else', async () => {
    const client = await connect(url!)
    // Glob characters in the prefix must match literally, not as patterns.
    const prefix = uniqueRedisPrefix('a*')
    const neighbour = prefix.replace(':a*:', ':aXYZ:') + 'kept'
    const keys = Array.from({ length: 1_200 }, (_, i) => `${prefix}${i}`)
    await client.mSet(Object.fromEntries([...keys, neighbour].map((key) => [key, 'v'])))
    try {
      await deleteRedisKeys(url!, prefix)
      expect(await client.exists(keys)).toBe(0)
      expect(await client.get(neighbour)).toBe('v')
    } finally {
      await client.del(neighbour)
    }
  })

  test('a Redis PING goes through the proxy; cut, commands and new connections fail fast; restored, they work', async () => {
    const through = await proxy(target())
    const client = await connect(through.url('redis'))
    expect(await client.ping()).toBe('PONG')

    await through.cut()
    await expect(client.ping()).rejects.toThrow()
    await expect(connect(through.url('redis'))).rejects.toMatchObject({ code: 'ECONNREFUSED' })

    await through.restore()
    expect(await (await connect(through.url('redis'))).ping()).toBe('PONG')
  })

  test('a client that reconnects finds the server again after restore()', async () => {
    const through = await proxy(target())
    const client = await connect(through.url('redis'), 50)
    await through.cut()
    await expect(client.ping()).rejects.toThrow()
    await through.restore()
    await expect.poll(() => client.ping().catch(() => 'down'), { timeout: 5_000, interval: 50 }).toBe('PONG')
  })
})

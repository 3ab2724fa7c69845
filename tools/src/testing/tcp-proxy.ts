/**
 * A TCP proxy in front of a real server, to make it "go down" and come back in a
 * test: the app under test connects through the proxy, the test cuts it (open
 * connections are destroyed, new ones refused) and restores it. The server itself
 * stays up, so other tests using it directly are not disturbed.
 */
import net from 'node:net'

export interface TcpProxy {
  /** The proxy's port on 127.0.0.1. */
  readonly port: number
  /** A URL to the proxy, e.g. url('redis') → 'redis://127.0.0.1:<port>'. */
  url(scheme: string): string
  /** Destroys the open connections and refuses new ones until restore(). */
  cut(): Promise<void>
  /** Accepts connections again, on the same port. */
  restore(): Promise<void>
  /** Stops the proxy and its connections for good. */
  close(): Promise<void>
}

function listen(server: net.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen({ port, host: '127.0.0.1' }, () => {
      server.off('error', reject)
      resolve()
    })
  })
}

function stopListening(server: net.Server): Promise<void> {
  // Resolves once the listening socket is closed; open connections are ended by the caller.
  return new Promise((resolve) => (server.listening ? server.close(() => resolve()) : resolve()))
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>()
  const track = (socket: net.Socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  }
  const destroyAll = () => {
    for (const socket of sockets) socket.destroy()
  }

  // A refused connection is what a stopped server gives: a client fails fast instead
  // of waiting for a timeout, which is the case the fallback tests are about.
  const server = net.createServer((client) => {
    track(client)
    const upstream = net.connect(target.port, target.host)
    track(upstream)
    client.pipe(upstream).pipe(client)
    client.on('error', () => upstream.destroy())
    upstream.on('error', () => client.destroy())
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
  })

  await listen(server, 0)
  const port = (server.address() as net.AddressInfo).port
  let closed = false

  return {
    port,
    url: (scheme) => `${scheme}://127.0.0.1:${port}`,
    async cut() {
      const stopped = stopListening(server)
      destroyAll()
      await stopped
    },
    async restore() {
      if (closed) throw new Error('This proxy is closed; start another.')
      if (!server.listening) await listen(server, port)
    },
    async close() {
      closed = true
      const stopped = stopListening(server)
      destroyAll()
      await stopped
    },
  }
}

/**
 * One line of status under a command's output, the way the stream it goes to can
 * show it:
 *
 * - on a terminal (not CI), one line redrawn in place (carriage return, clear
 *   line), cut to the terminal's width so it never wraps; lines that stay (`line`)
 *   and whatever else this process writes to stdout or stderr while it is shown
 *   (`interceptWrites`) go above it, with the status line cleared first;
 * - anywhere else (CI, a pipe, a file), plain lines without control characters:
 *   the status when it starts, then again whenever `everyMs` has passed since the
 *   last one, checked on every change and on a timer.
 *
 * It only draws: what the status says is the `render` function's business.
 */

/** What a status line writes to: process.stdout, or a fake one in a test. */
export interface OutputStream {
  write(chunk: string): boolean
  isTTY?: boolean | undefined
  columns?: number | undefined
}

const CLEAR_LINE = '\r\x1b[2K'

/** A terminal to redraw on: stdout is a TTY and this is not a CI run (CI=true, CI=1…). */
export function isInteractive(stream: OutputStream, env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI.toLowerCase() !== 'false'
  return stream.isTTY === true && !ci
}

export interface StatusLineOptions {
  interactive: boolean
  /** Without a terminal: a status line at least this often (ms). */
  everyMs?: number
  /** How often the timer redraws (terminal) or checks whether a line is due (ms); 0: no timer (tests call tick()). */
  tickMs?: number
  now?: () => number
}

export class StatusLine {
  private readonly write: (chunk: string) => void
  private readonly interactive: boolean
  private readonly everyMs: number
  private readonly tickMs: number
  private readonly now: () => number
  private shown = ''
  private lastStatusAt = -Infinity
  private lastDrawAt = -Infinity
  private timer: NodeJS.Timeout | undefined
  private readonly restores: (() => void)[] = []
  private running = false

  constructor(
    private readonly stream: OutputStream,
    private readonly render: () => string,
    options: StatusLineOptions,
  ) {
    // The stream's own write, taken before interceptWrites wraps it.
    const write = stream.write.bind(stream)
    this.write = (chunk) => void write(chunk)
    this.interactive = options.interactive
    this.everyMs = options.everyMs ?? 8_000
    this.tickMs = options.tickMs ?? (options.interactive ? 250 : 1_000)
    this.now = options.now ?? (() => performance.now())
  }

  /** Shows the status now, and keeps it up to date until stop(). */
  start(): void {
    this.running = true
    this.draw()
    if (this.tickMs > 0) {
      this.timer = setInterval(() => this.tick(), this.tickMs)
      this.timer.unref()
    }
  }

  /** The timer's work: redraw (the elapsed time moves), or print the status if one is due. */
  tick(): void {
    if (!this.running) return
    if (this.interactive) this.draw()
    else if (this.now() - this.lastStatusAt >= this.everyMs) this.draw()
  }

  /** Something the status shows has changed. */
  changed(): void {
    if (!this.running) return
    // On a terminal, at most one redraw per 100 ms: the timer draws what a burst of changes left.
    if (this.interactive ? this.now() - this.lastDrawAt >= 100 : this.now() - this.lastStatusAt >= this.everyMs) this.draw()
  }

  /** A line that stays, above the status line. */
  line(text: string): void {
    this.hide()
    this.write(`${text}\n`)
    if (this.running && this.interactive) this.draw()
  }

  /**
   * On a terminal, whatever else is written to these streams (Vitest's warnings, a
   * child's stderr) clears the status line first; the next tick draws it again.
   */
  interceptWrites(...streams: NodeJS.WritableStream[]): void {
    if (!this.interactive) return
    for (const target of streams) {
      const original = target.write
      const hide = (): void => this.hide()
      target.write = function (this: NodeJS.WritableStream, ...args: unknown[]) {
        hide()
        return (original as (...a: unknown[]) => boolean).apply(this, args)
      } as typeof target.write
      this.restores.push(() => (target.write = original))
    }
  }

  /** Clears the status line, stops the timer and gives the streams their own write back. */
  stop(): void {
    this.running = false
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
    this.hide()
    for (const restore of this.restores.splice(0)) restore()
  }

  private draw(): void {
    const now = this.now()
    const text = this.render()
    if (!this.interactive) {
      this.write(`${text}\n`)
      this.lastStatusAt = now
      return
    }
    this.lastDrawAt = now
    // One column short of the width: a line that fills it would wrap on some terminals.
    const fitted = [...text].slice(0, Math.max(1, (this.stream.columns || 80) - 1)).join('')
    if (fitted === this.shown) return
    this.write(`${CLEAR_LINE}${fitted}`)
    this.shown = fitted
  }

  private hide(): void {
    if (!this.interactive || this.shown === '') return
    this.shown = ''
    this.write(CLEAR_LINE)
  }
}

import { createRequire } from 'node:module'
import path from 'node:path'
import type { DemoPersona, SessionResponse } from '../../types/api/auth'
import { installClockAsDate, realTime, TEST_NOW, type TestClock } from '../support/clock'
import { createTestApp, type TestApp } from '../support/test-app'

/**
 * Runs the compiled WeChat mini-program in dist/ under miniprogram-simulate, with wx.request answered by the
 * real server (in-process, on an in-memory PGlite) and wx.login backed by the fake WeChat server.
 *
 * miniprogram-simulate and the dist files are CommonJS run by Node's own require: the Taro runtime and the
 * webpack chunk registry live in that module cache, so the app boots once per process and each page can be
 * loaded once (vitest runs every test file in its own process). Tests in one file share the app's state
 * (react-query cache, stored values), as they would in one session of the real mini-program.
 *
 * The phone and the server share one clock, as they agree on the time in life: it stands at TEST_NOW (Tuesday
 * 17 November 2026, 10:00 China time) until a test moves it (`w.backend.clock.now = …`), and the compiled app's
 * `Date` reads it. So no test here depends on today's date. The harness' own waiting keeps real time.
 */

const nodeRequire = createRequire(import.meta.url)
const DIST = path.resolve(__dirname, '../../dist')
const APP_JS = path.join(DIST, 'app.js')
const TAB_PAGES = ['pages/index/index', 'pages/wishes/index', 'pages/activities/index', 'pages/me/index']

type SimulateComponent = {
  dom: HTMLElement
  /** The component instance: for a page, what Taro sees as `this`. */
  instance: PageInstance
  attach(parent: Element): void
  detach(): void
}
type Simulate = {
  load(componentPath: string, options: { compiler: 'official'; rootPath: string }): string
  render(id: string): SimulateComponent
}
/** The parts of a Taro page config (what Page() receives) the shim uses. */
type PageConfig = { data?: Record<string, unknown> } & Record<string, unknown>
/** A page instance as Taro sees it: the Component instance carrying the page config's methods. */
type PageInstance = Record<string, ((...args: unknown[]) => unknown) | unknown> & { route: string }
type Callbacks<T> = { success?: (res: T) => void; fail?: (err: { errMsg: string }) => void; complete?: (res: unknown) => void }
type RequestOptions = Callbacks<unknown> & { url: string; method?: string; header?: Record<string, string>; data?: unknown; dataType?: string }

export type RequestRecord = { method: string; path: string; status: number }
export type Navigation = { api: 'navigateTo' | 'redirectTo' | 'switchTab' | 'navigateBack'; url?: string }

/** One rendered page: its DOM (class names without the simulator's `main--` / `comp--` prefixes). */
export class PageHandle {
  constructor(
    readonly route: string,
    readonly instance: PageInstance,
    /** The simulator's handle on the page component. */
    readonly component: SimulateComponent,
  ) {}

  get root(): HTMLElement {
    return this.component.dom
  }

  text(): string {
    return this.root.textContent ?? ''
  }

  /** Elements carrying a class of the compiled page, e.g. `byClass('page')`. */
  byClass(name: string): HTMLElement[] {
    return [...this.root.querySelectorAll<HTMLElement>('[class]')].filter((el) => classesOf(el).includes(name))
  }

  /** The innermost element whose text is exactly `text` (trimmed). */
  byText(text: string): HTMLElement {
    const all = [...this.root.querySelectorAll<HTMLElement>('*')].filter((el) => el.textContent?.trim() === text)
    const innermost = all.filter((el) => !all.some((other) => other !== el && el.contains(other)))
    if (innermost.length === 0) throw new Error(`no element with text "${text}" on ${this.route}; the page reads:\n${this.text()}`)
    return innermost[0]!
  }

  /**
   * Taps like a finger: touchstart + touchend on the element, which the simulator turns into a `tap`. Like a user,
   * it waits while the button shows greyed out (NutUI's disabled button ignores a tap): a button disabled while a
   * write is under way comes back a render or two after the page shows the write's result.
   */
  async tap(target: HTMLElement | string): Promise<void> {
    const find = () => (typeof target === 'string' ? this.byText(target) : target)
    const label = typeof target === 'string' ? `"${target}"` : 'the button'
    await waitFor(() => !closestWithClass(find(), 'nut-button-disabled'), () => `${label} stayed disabled on ${this.route}; the page reads:\n${this.text()}`)
    const el = find()
    const touch = () => new Touch({ identifier: Date.now(), target: el, clientX: 0, clientY: 0, pageX: 0, pageY: 0 })
    el.dispatchEvent(new TouchEvent('touchstart', { bubbles: true, cancelable: true, touches: [touch()], changedTouches: [touch()] }))
    el.dispatchEvent(new TouchEvent('touchend', { bubbles: true, cancelable: true, touches: [], changedTouches: [touch()] }))
    // The simulator dispatches the tap in a microtask; the page then renders on Taro's own schedule.
    await new Promise((resolve) => setTimeout(resolve, 0))
  }

  /**
   * Types into an <input> or <textarea> like the keyboard: the element gets WeChat's `input` event with
   * `detail.value`, which is what Taro's onInput receives (the simulator has no native keyboard).
   */
  async type(target: HTMLElement, value: string): Promise<void> {
    sendEvent(target, 'input', { value, cursor: value.length, keyCode: 0 })
    await new Promise((resolve) => setTimeout(resolve, 0))
  }

  /** A <picker>'s choice, as WeChat reports it when the user presses 确定 (for mode 'date': YYYY-MM-DD). */
  async pick(target: HTMLElement, value: string): Promise<void> {
    sendEvent(target, 'change', { value })
    await new Promise((resolve) => setTimeout(resolve, 0))
  }

  /**
   * The text box (`<input>` or `<textarea>`) with this accessible label (`ariaLabel`, what TextField's `label`
   * sets). The simulator drops a built-in component's attributes from the DOM, so it is looked up in `props`.
   */
  field(label: string): HTMLElement {
    const fields = [...this.root.querySelectorAll<HTMLElement>('wx-input, wx-textarea')]
    const el = fields.find((e) => this.props(e).ariaLabel === label)
    if (!el) throw new Error(`no field "${label}" on ${this.route}; fields: ${fields.map((e) => this.props(e).ariaLabel).join(' | ')}`)
    return el
  }

  /**
   * What Taro sent for a rendered element: the page-data node whose `sid` is the element's `data-sid`. A
   * built-in component's properties (an <image>'s src, an <input>'s value…) are only there, not in DOM
   * attributes; most keys are Taro's short names (`p13`), a few (`ariaLabel`, `cl` for the class) are not.
   */
  props(el: HTMLElement): Record<string, unknown> {
    const sid = el.getAttribute('data-sid')
    const find = (node: unknown): Record<string, unknown> | null => {
      if (!node || typeof node !== 'object') return null
      if ((node as { sid?: string }).sid === sid) return node as Record<string, unknown>
      for (const child of Object.values(node)) {
        const found = find(child)
        if (found) return found
      }
      return null
    }
    const node = find(this.instance.data)
    if (!node) throw new Error(`no rendered node ${sid} on ${this.route}`)
    return node
  }

  /** Waits until the page shows `text` (a string it contains, or a pattern). */
  async waitForText(text: string | RegExp, timeoutMs = 10_000): Promise<void> {
    const shows = () => (typeof text === 'string' ? this.text().includes(text) : text.test(this.text()))
    await waitFor(shows, () => `"${text}" never showed on ${this.route}; the page reads:\n${this.text()}`, timeoutMs)
  }
}

type Exparser = { Event: { create(name: string, detail: unknown, options: Record<string, unknown>): unknown; dispatchEvent(target: unknown, event: unknown): void } }

/** A WeChat component event on a rendered element, through the simulator's exparser (what bind:input hears). */
function sendEvent(el: HTMLElement, name: string, detail: Record<string, unknown>) {
  const node = (el as unknown as { __wxElement?: unknown }).__wxElement
  if (!node) throw new Error(`<${el.tagName.toLowerCase()}> is not a WeChat component node`)
  const exparser = nodeRequire('miniprogram-exparser') as Exparser
  exparser.Event.dispatchEvent(node, exparser.Event.create(name, detail, { bubbles: false, composed: false, capturePhase: false }))
}

/** The class names of an element as the source wrote them (the simulator prefixes each with its component's tag). */
export type ModalOptions = { title: string; content: string; success?: (res: unknown) => void; complete?: (res: unknown) => void }

/** Replaces WeChat's confirmation dialog (after startWeapp): records what it asked in `asked` and answers 确认. */
export function confirmModals(asked: ModalOptions[]): void {
  const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx
  wx.showModal = (options: ModalOptions) => {
    asked.push(options)
    setTimeout(() => {
      const res = { confirm: true, cancel: false, errMsg: 'showModal:ok' }
      options.success?.(res)
      options.complete?.(res)
    }, 0)
  }
}

export function classesOf(el: Element): string[] {
  return [...el.classList].map((c) => c.replace(/^(main|comp)--/, ''))
}

/**
 * Taps a choice button by its label inside the block with this class (once the block is drawn), and waits until
 * the page shows it chosen: a tap that follows at once (a submit) would otherwise run before the re-render, with
 * the choice not yet made, on a loaded machine.
 */
export async function tapChoice(page: PageHandle, blockClass: string, label: string) {
  await waitFor(() => page.byClass(blockClass).length > 0, () => `no ${blockClass}; the page reads:\n${page.text()}`)
  const button = () => {
    const block = page.byClass(blockClass)[0]
    const item = block && [...block.querySelectorAll<HTMLElement>('*')].find((el) => el.textContent?.trim() === label && closestWithClass(el, 'choice-buttons__item'))
    return item ? closestWithClass(item, 'choice-buttons__item')! : null
  }
  const item = button()
  if (!item) throw new Error(`no "${label}" in ${blockClass}: ${page.byClass(blockClass)[0]!.textContent}`)
  await page.tap(item)
  const chosen = () => classesOf(button() ?? item).includes('choice-buttons__item--chosen')
  await waitFor(chosen, () => `"${label}" in ${blockClass} never showed as chosen; the page reads:\n${page.text()}`)
}

/** The element or its nearest ancestor that carries the class. */
export function closestWithClass(el: Element, name: string): HTMLElement | null {
  for (let node: Element | null = el; node; node = node.parentElement) {
    if (classesOf(node).includes(name)) return node as HTMLElement
  }
  return null
}

export async function waitFor(condition: () => boolean, describe: () => string, timeoutMs = 10_000): Promise<void> {
  const deadline = realTime() + timeoutMs
  while (!condition()) {
    if (realTime() > deadline) throw new Error(describe())
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

export type Weapp = {
  backend: TestApp
  /** WeChat storage of this simulated phone (key → value). */
  storage: Map<string, unknown>
  /** Every wx.request answered, in order. */
  requests: RequestRecord[]
  navigations: Navigation[]
  /** Titles of every wx.showToast. */
  toasts: string[]
  /**
   * Templates the rendered tree asked for and the build lacks: an element WeChat would not draw (e.g. the `<i>`
   * of a NutUI icon, which needs @tarojs/plugin-html).
   */
  missingTemplates: string[]
  /**
   * The phone's album: what the next wx.chooseMedia picks (temp paths with their bytes, as `addPicture` made
   * them). wx.compressImage keeps the bytes under a new path (and records the quality asked for), and
   * wx.uploadFile sends the file at a temp path to the server as multipart/form-data.
   */
  album: { nextPicks: string[]; compressions: { src: string; quality?: number }[]; uploads: { path: string; name: string; status: number }[] }
  /** Puts a picture on the phone; returns its temp path (wxfile://…). */
  addPicture(bytes: Buffer, extension?: string): string
  /** The WeChat user on this phone: every wx.login issues a fresh code that the fake WeChat maps to this openid. */
  wechatUser: { openid: string }
  /**
   * Every wx.requestSubscribeMessage: the template ids asked for and how many POSTs had gone out before it. The
   * user accepts each, so the fake WeChat will deliver one message of that template to `wechatUser`.
   */
  subscriptionRequests: { tmplIds: string[]; postsBefore: number }[]
  /** Stores a demo persona's session token, as if that user had logged in before. */
  loginAs(persona: DemoPersona): Promise<SessionResponse>
  /** Opens a page the way WeChat does on launch or navigateTo, e.g. `open('/pages/me/index')`. */
  open(url: string): Promise<PageHandle>
  /** The page stack, bottom first (what getCurrentPages() returns). */
  pages(): PageHandle[]
  currentPage(): PageHandle
  close(): Promise<void>
}

/** Starts the server (with `env` added to its configuration) and boots dist/app.js. Call once per test file (in beforeAll). */
export async function startWeapp(options: { env?: Record<string, string> } = {}): Promise<Weapp> {
  if (nodeRequire.cache[APP_JS]) {
    throw new Error('dist/app.js already ran in this process: call startWeapp() once per file, and keep vitest isolating files')
  }

  const clock: TestClock = { now: TEST_NOW }
  const restoreDate = installClockAsDate(clock)
  const backend = await createTestApp({ clock, env: options.env })
  const subscriptionRequests: Weapp['subscriptionRequests'] = []
  const storage = new Map<string, unknown>()
  const requests: RequestRecord[] = []
  const navigations: Navigation[] = []
  const toasts: string[] = []
  const missingTemplates: string[] = []
  const wechatUser = { openid: 'openid-weapp-newcomer' }
  const tempFiles = new Map<string, Buffer>()
  const album: Weapp['album'] = { nextPicks: [], compressions: [], uploads: [] }
  let tempCount = 0
  const addPicture = (bytes: Buffer, extension = 'jpg') => {
    const path = `wxfile://tmp/picture-${++tempCount}.${extension}`
    tempFiles.set(path, bytes)
    return path
  }
  const stack: PageHandle[] = []
  const container = document.createElement('div')
  document.body.appendChild(container)

  // The WXML runtime warns, and draws nothing, when a node has no template; keep those as findings.
  const consoleWarn = console.warn
  console.warn = (...args: unknown[]) => {
    const missing = /Template `([^`]+)` not found/.exec(String(args[0]))
    if (missing) missingTemplates.push(missing[1]!)
    else consoleWarn(...args)
  }

  // Loading miniprogram-simulate defines the global Component() and a mostly no-op `wx`.
  const simulate = nodeRequire('miniprogram-simulate') as Simulate
  const g = globalThis as unknown as Record<string, unknown>
  const wx = g.wx as Record<string, unknown>

  let loginCount = 0
  // The Taro runtime reads `wx` at call time, so replacing its methods works before or after boot.
  Object.assign(wx, {
    getStorageSync: (key: string) => (storage.has(key) ? structuredClone(storage.get(key)) : ''),
    setStorageSync: (key: string, value: unknown) => void storage.set(key, structuredClone(value)),
    removeStorageSync: (key: string) => void storage.delete(key),
    clearStorageSync: () => storage.clear(),
    request: (options: RequestOptions) => {
      void answerRequest(backend, options, requests)
      return { abort() {}, onHeadersReceived() {}, offHeadersReceived() {} }
    },
    login: (options: Callbacks<{ code: string; errMsg: string }>) => {
      const code = `weapp-code-${++loginCount}`
      backend.wechat.codes.set(code, wechatUser.openid)
      settle(options, { code, errMsg: 'login:ok' })
    },
    // WeChat's subscription dialog, answered 允许 for every template.
    requestSubscribeMessage: (options: Callbacks<Record<string, string>> & { tmplIds: string[] }) => {
      subscriptionRequests.push({ tmplIds: options.tmplIds, postsBefore: requests.filter((r) => r.method === 'POST').length })
      for (const id of options.tmplIds) backend.wechat.subscribe(wechatUser.openid, id)
      settle(options, { errMsg: 'requestSubscribeMessage:ok', ...Object.fromEntries(options.tmplIds.map((id) => [id, 'accept'])) })
    },
    showToast: (options: Callbacks<unknown> & { title: string }) => {
      toasts.push(options.title)
      settle(options, { errMsg: 'showToast:ok' })
    },
    navigateTo: (options: Callbacks<unknown> & { url: string }) => {
      navigations.push({ api: 'navigateTo', url: options.url })
      void open(options.url).then(
        () => settle(options, { errMsg: 'navigateTo:ok' }),
        (err: Error) => fail(options, `navigateTo:fail ${err.message}`),
      )
    },
    switchTab: (options: Callbacks<unknown> & { url: string }) => {
      navigations.push({ api: 'switchTab', url: options.url })
      void switchTab(options.url).then(
        () => settle(options, { errMsg: 'switchTab:ok' }),
        (err: Error) => fail(options, `switchTab:fail ${err.message}`),
      )
    },
    // Replaces the current page: back from the new page goes where the old one came from.
    redirectTo: (options: Callbacks<unknown> & { url: string }) => {
      navigations.push({ api: 'redirectTo', url: options.url })
      if (stack.length) closePage(stack.pop()!)
      void open(options.url).then(
        () => settle(options, { errMsg: 'redirectTo:ok' }),
        (err: Error) => fail(options, `redirectTo:fail ${err.message}`),
      )
    },
    navigateBack: (options: Callbacks<unknown> = {}) => {
      navigations.push({ api: 'navigateBack' })
      if (stack.length > 1) closePage(stack.pop()!)
      callPage(stack.at(-1), 'onShow')
      settle(options, { errMsg: 'navigateBack:ok' })
    },
    chooseMedia: (options: Callbacks<unknown> & { count?: number }) => {
      const picks = album.nextPicks.splice(0, options.count ?? 9)
      if (picks.length === 0) return fail(options, 'chooseMedia:fail cancel')
      settle(options, { type: 'image', tempFiles: picks.map((path) => ({ tempFilePath: path, size: tempFiles.get(path)!.length, fileType: 'image' })), errMsg: 'chooseMedia:ok' })
    },
    compressImage: (options: Callbacks<unknown> & { src: string; quality?: number }) => {
      album.compressions.push({ src: options.src, quality: options.quality })
      const bytes = tempFiles.get(options.src)
      if (!bytes) return fail(options, 'compressImage:fail file not found')
      settle(options, { tempFilePath: addPicture(bytes, options.src.split('.').pop()), errMsg: 'compressImage:ok' })
    },
    uploadFile: (options: Callbacks<unknown> & { url: string; filePath: string; name: string; header?: Record<string, string> }) => {
      const progress: ((p: unknown) => void)[] = []
      void answerUpload(backend, options, tempFiles.get(options.filePath), progress, (status) => album.uploads.push({ path: options.filePath, name: options.name, status }))
      return { abort() {}, onProgressUpdate: (cb: (p: unknown) => void) => void progress.push(cb), offProgressUpdate() {}, onHeadersReceived() {}, offHeadersReceived() {} }
    },
    // NutUI measures nodes (Tabs, Sticky…); the simulator has no layout, so every node measures as zero.
    createSelectorQuery: () => fakeSelectorQuery(),
  })

  // What the WeChat runtime provides besides Component(): App, getApp, getCurrentPages, and Page.
  let appConfig: Record<string, unknown> & { onLaunch?: (o: unknown) => void; onShow?: (o: unknown) => void } = {}
  g.App = (config: typeof appConfig) => {
    appConfig = config
  }
  g.getApp = () => appConfig
  g.getCurrentPages = () => stack.map((p) => p.instance)
  let loadingRoute = ''
  let pendingQuery: Record<string, string> = {}
  g.Page = (config: PageConfig) => {
    const route = loadingRoute
    const methods: Record<string, unknown> = {}
    const fields: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(config)) {
      if (key === 'data') continue
      if (typeof value === 'function') methods[key] = value
      else fields[key] = value
    }
    ;(g.Component as (def: unknown) => void)({
      data: config.data ?? {},
      methods,
      lifetimes: {
        created(this: PageInstance) {
          Object.assign(this, fields, { route, __route__: route })
        },
        // A page's lifecycle on open, in WeChat's order.
        attached(this: PageInstance) {
          callPage(this, 'onLoad', pendingQuery)
          callPage(this, 'onShow')
          callPage(this, 'onReady')
        },
        detached(this: PageInstance) {
          callPage(this, 'onUnload')
        },
      },
    })
  }

  nodeRequire(APP_JS)
  appConfig.onLaunch?.({ path: TAB_PAGES[0], query: {}, scene: 1001 })
  appConfig.onShow?.({ path: TAB_PAGES[0], query: {}, scene: 1001 })

  const loaded = new Map<string, string>()
  function componentId(route: string): string {
    let id = loaded.get(route)
    if (!id) {
      loadingRoute = route
      id = simulate.load(path.join(DIST, route), { compiler: 'official', rootPath: DIST })
      loaded.set(route, id)
    }
    return id
  }

  async function open(url: string): Promise<PageHandle> {
    const [routePath, queryString = ''] = url.split('?')
    const route = routePath!.replace(/^\//, '')
    const id = componentId(route)
    callPage(stack.at(-1), 'onHide')
    pendingQuery = Object.fromEntries(new URLSearchParams(queryString))
    const component = simulate.render(id)
    component.attach(container)
    const page = new PageHandle(route, component.instance, component)
    stack.push(page)
    return page
  }

  // switchTab closes every page above the tab bar and shows the tab, opening it if it was never opened.
  async function switchTab(url: string): Promise<void> {
    const route = url.replace(/^\//, '').split('?')[0]!
    if (!TAB_PAGES.includes(route)) throw new Error(`${route} is not a tab page`)
    while (stack.length && !TAB_PAGES.includes(stack.at(-1)!.route)) closePage(stack.pop()!)
    const existing = stack.findIndex((p) => p.route === route)
    if (existing === -1) {
      await open(url)
      return
    }
    const [page] = stack.splice(existing, 1)
    callPage(stack.at(-1), 'onHide')
    stack.push(page!)
    callPage(page!.instance, 'onShow')
  }

  function closePage(page: PageHandle) {
    page.component.detach()
  }

  return {
    backend,
    storage,
    requests,
    navigations,
    toasts,
    missingTemplates,
    album,
    addPicture,
    wechatUser,
    subscriptionRequests,
    async loginAs(persona) {
      const res = await backend.app.inject({ method: 'POST', url: '/api/auth/demo', payload: { persona } })
      if (res.statusCode !== 200) throw new Error(`demo login as ${persona} failed: ${res.statusCode} ${res.body}`)
      const session = res.json() as SessionResponse
      storage.set('doorstep.session-token', session.token)
      return session
    },
    open,
    pages: () => [...stack],
    currentPage() {
      const page = stack.at(-1)
      if (!page) throw new Error('no page is open')
      return page
    },
    async close() {
      while (stack.length) closePage(stack.pop()!)
      container.remove()
      console.warn = consoleWarn
      await backend.close()
      restoreDate()
    },
  }
}

function callPage(page: PageHandle | PageInstance | undefined, hook: string, ...args: unknown[]) {
  const instance = page instanceof PageHandle ? page.instance : page
  const fn = instance?.[hook]
  if (typeof fn === 'function') fn.apply(instance, args)
}

function settle<T>(options: Callbacks<T>, result: T) {
  // WeChat answers asynchronously.
  setTimeout(() => {
    options.success?.(result)
    options.complete?.(result)
  }, 0)
}

function fail(options: Callbacks<unknown>, errMsg: string) {
  setTimeout(() => {
    options.fail?.({ errMsg })
    options.complete?.({ errMsg })
  }, 0)
}

/** wx.request answered by the real app through app.inject: only the path and query of the URL matter. */
async function answerRequest(backend: TestApp, options: RequestOptions, log: RequestRecord[]) {
  const url = new URL(options.url)
  const method = (options.method ?? 'GET').toUpperCase()
  // Like WeChat: a GET's data becomes query parameters, anything else is the body.
  if (method === 'GET' && options.data && typeof options.data === 'object') {
    for (const [k, v] of Object.entries(options.data)) url.searchParams.set(k, String(v))
  }
  const payload = method === 'GET' || options.data === undefined ? undefined : typeof options.data === 'string' ? options.data : JSON.stringify(options.data)
  try {
    const res = await backend.app.inject({ method: method as 'GET', url: url.pathname + url.search, headers: options.header, payload })
    log.push({ method, path: url.pathname + url.search, status: res.statusCode })
    let data: unknown = res.body
    // dataType 'json' (the default) parses the body when it is JSON, else leaves the text.
    if ((options.dataType ?? 'json') === 'json') {
      try {
        data = JSON.parse(res.body)
      } catch {
        data = res.body
      }
    }
    settle(options, { statusCode: res.statusCode, data, header: res.headers, cookies: [], errMsg: 'request:ok' })
  } catch (err) {
    fail(options, `request:fail ${(err as Error).message}`)
  }
}

/**
 * wx.uploadFile answered by the real app: the file as multipart/form-data in the field `name`, with the
 * caller's headers; like WeChat, the answer's `data` is the body as text, whatever its type.
 */
async function answerUpload(
  backend: TestApp,
  options: Callbacks<unknown> & { url: string; filePath: string; name: string; header?: Record<string, string> },
  bytes: Buffer | undefined,
  progress: ((p: unknown) => void)[],
  record: (status: number) => void,
): Promise<void> {
  // The task is handed back first, so the page can listen to its progress.
  await new Promise((resolve) => setTimeout(resolve, 0))
  if (!bytes) {
    record(0)
    return fail(options, `uploadFile:fail file not found ${options.filePath}`)
  }
  const url = new URL(options.url)
  const boundary = `----weapp${Date.now().toString(16)}`
  const fileName = options.filePath.split('/').pop()!
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${options.name}"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  for (const cb of progress) cb({ progress: 100, totalBytesSent: payload.length, totalBytesExpectedToSend: payload.length })
  const res = await backend.app.inject({
    method: 'POST',
    url: url.pathname + url.search,
    headers: { ...options.header, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  })
  record(res.statusCode)
  settle(options, { statusCode: res.statusCode, data: res.body, errMsg: 'uploadFile:ok' })
}

type SelectorQuery = Record<string, (...args: unknown[]) => unknown>

/**
 * A chainable SelectorQuery: exec answers, per query, a zero-sized rect for select() and an empty list for
 * selectAll().
 */
function fakeSelectorQuery(): SelectorQuery {
  const rect = () => ({ width: 0, height: 0, top: 0, left: 0, right: 0, bottom: 0, scrollTop: 0, scrollLeft: 0 })
  const answers: (() => unknown)[] = []
  let selectedAll = false
  const query: SelectorQuery = {}
  const select = (all: boolean) => () => {
    selectedAll = all
    return query
  }
  const measure = () => {
    answers.push(selectedAll ? () => [] : rect)
    return query
  }
  Object.assign(query, {
    in: () => query,
    select: select(false),
    selectAll: select(true),
    selectViewport: select(false),
    boundingClientRect: measure,
    scrollOffset: measure,
    fields: measure,
    node: measure,
    exec(callback?: (res: unknown[]) => void) {
      const result = answers.map((answer) => answer())
      setTimeout(() => callback?.(result), 0)
      return query
    },
  })
  return query
}

// Browser-test support: a real Haven (the built binary, a fresh SQLite workspace with the demo
// centre, `haven serve` on a loopback port), Debian's Chromium driven by playwright-core, TOTP
// codes for the roles that need them, axe-core checks and screenshots kept as test artifacts.
import { spawn, execFileSync } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import assert from 'node:assert/strict'
import { before, after } from 'node:test'
import { chromium } from 'playwright-core'

const here = dirname(fileURLToPath(import.meta.url))
export const sourceDir = join(here, '..', '..')
export const binary = process.env.HAVEN_BINARY || join(sourceDir, 'build', 'debug', 'haven')
const artifacts = process.env.HAVEN_WEB_ARTIFACTS || join(sourceDir, 'build', 'web-artifacts')
const axeSource = readFileSync(join(sourceDir, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8')
export const password = 'haven-demo-password'

// Runs the haven command line on a workspace; returns its standard output.
export function haven (args, input) {
  return execFileSync(binary, args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] })
}

// Where the records live: a SQLite file in `dir`, or, when HAVEN_TEST_POSTGRES names a
// PostgreSQL server, a schema of its own there. sql() runs one statement on it.
function recordsDatabase (dir) {
  const server = process.env.HAVEN_TEST_POSTGRES
  if (!server) {
    const db = join(dir, 'haven.db')
    return { db, sql: statement => execFileSync('sqlite3', [db, statement]), drop () {} }
  }
  const schema = 'w_' + dir.slice(-6).toLowerCase().replace(/[^a-z0-9]/g, 'x')
  const psql = statement => execFileSync('psql', ['-qX', server, '-c', statement], { stdio: 'pipe' })
  psql(`CREATE SCHEMA ${schema}`)
  return {
    db: `${server}${server.includes('?') ? '&' : '?'}options=-csearch_path%3D${schema}`,
    sql: statement => psql(`SET search_path = ${schema}; ${statement}`),
    drop: () => psql(`SET client_min_messages = warning; DROP SCHEMA ${schema} CASCADE`)
  }
}

// A real SMTP server on a free loopback port (tests/support/smtp_server.mjs), with a certificate
// made for it by openssl: `args` for `haven serve` to send through it, and the messages it took.
export async function startMail () {
  const dir = mkdtempSync(join(tmpdir(), 'haven-mail-'))
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
  { stdio: 'ignore' })
  writeFileSync(join(dir, 'password'), 'mail-secret\n')
  const server = spawn(process.execPath, [join(sourceDir, 'tests', 'support', 'smtp_server.mjs'), dir],
    { stdio: ['ignore', 'pipe', 'pipe'] })
  const port = await new Promise((resolve, reject) => {
    let out = ''
    server.stdout.on('data', d => {
      out += d
      const m = out.match(/smtp listening on (\d+)/)
      if (m) resolve(Number(m[1]))
    })
    server.on('exit', code => reject(new Error(`the SMTP server exited (${code})`)))
  })
  const file = join(dir, 'messages.jsonl')
  const messages = () => existsSync(file)
    ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map(line => JSON.parse(line))
    : []
  return {
    args: ['--smtp-url', `smtp://127.0.0.1:${port}`, '--smtp-user', 'haven', '--smtp-password-file', join(dir, 'password'),
      '--smtp-ca-file', join(dir, 'cert.pem'), '--mail-from', 'haven@centre.example.org', '--mail-seconds', '1'],
    messages,
    // The newest message to `to`, waited for (the courier sends every second).
    async letterTo (to, { after = 0 } = {}) {
      for (let tries = 0; tries < 100; ++tries) {
        const found = messages().filter(m => m.to.includes(to))
        if (found.length > after) return found[found.length - 1]
        await new Promise(resolve => setTimeout(resolve, 100))
      }
      assert.fail(`no email reached ${to}`)
    },
    async stop () {
      server.kill('SIGTERM')
      await new Promise(resolve => server.on('close', resolve))
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

// A demo centre under `preset`, served on a free loopback port until stop(); with `mail` (from
// startMail), sending its email there.
export async function startHaven (preset = 'birmingham', { mail } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'haven-web-'))
  const records = recordsDatabase(dir)
  const db = records.db
  const files = ['--keys', join(dir, 'haven.keys'), '--master-key', join(dir, 'haven.master')]
  const demo = JSON.parse(haven(['demo', '--db', db, ...files, '--preset', preset, '--json']))
  const secrets = Object.fromEntries(demo.second_factors.map(f => [f.handle, f.totp_secret]))
  const server = spawn(binary, ['serve', '--db', db, ...files, '--listen', '127.0.0.1:0', ...(mail?.args ?? [])],
    { stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  server.stderr.on('data', d => { log += d })
  const port = await new Promise((resolve, reject) => {
    let out = ''
    server.stdout.on('data', d => {
      out += d
      log += d
      const m = out.match(/on http:\/\/127\.0\.0\.1:(\d+)/)
      if (m) resolve(Number(m[1]))
    })
    server.on('exit', code => reject(new Error(`haven serve exited (${code}): ${log}`)))
  })
  return {
    db,
    sql: records.sql,
    secrets,
    families: demo.families,
    // localhost is a secure context, so the browser keeps Haven's Secure cookies over plain HTTP.
    url: `http://localhost:${port}`,
    log: () => log,
    async stop () {
      server.kill('SIGTERM')
      await new Promise(resolve => server.on('close', resolve))
      records.drop()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

// For a test file: Haven under `preset` (then `prepare(haven)`, if given) and the browser,
// started before its tests and stopped after them. The returned object holds both by then.
// With { mail: true }, a real SMTP server too (running.mail), which Haven sends its email through.
export function useHavenAndBrowser (preset, prepare = () => {}, { mail = false } = {}) {
  const running = {}
  before(async () => {
    if (mail) running.mail = await startMail()
    running.haven = await startHaven(preset, { mail: running.mail })
    await prepare(running.haven)
    running.browser = await launchBrowser()
  })
  after(async () => {
    await running.browser?.close()
    await running.haven?.stop()
    await running.mail?.stop()
  })
  return running
}

export async function launchBrowser () {
  return chromium.launch({
    executablePath: process.env.HAVEN_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync']
  })
}

// RFC 6238 code (SHA-1, 30 s, 6 digits) for a base32 secret.
export function totp (secret, at = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = ''
  for (const ch of secret.replace(/=+$/, '')) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0')
  const key = Buffer.from(bits.match(/.{8}/g).map(b => parseInt(b, 2)))
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30000)))
  const mac = createHmac('sha1', key).update(counter).digest()
  const offset = mac[mac.length - 1] & 0xf
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1000000).padStart(6, '0')
}

// A code Haven will take for this account: each code works once, so a second sign-in within the
// same 30 seconds uses the next step's code (the server accepts one step either side), waiting
// when even that has been used.
const lastStep = new Map()
async function freshCode (haven, handle) {
  const key = `${haven.url} ${handle}`
  const now = Math.floor(Date.now() / 30000)
  const step = Math.max(now, (lastStep.get(key) ?? -1) + 1)
  if (step > now + 1) await new Promise(resolve => setTimeout(resolve, (step - 1) * 30000 - Date.now() + 500))
  lastStep.set(key, step)
  return totp(haven.secrets[handle], step * 30000)
}

// Signs in through the sign-in page and checks the home page greets the member of staff.
export async function signIn (page, haven, handle, secret = password) {
  await page.goto(haven.url + '/sign-in')
  await page.fill('#handle', handle)
  await page.fill('#password', secret)
  if (haven.secrets[handle]) await page.fill('#code', await freshCode(haven, handle))
  await page.click('button:has-text("Sign in")')
  if (await page.locator('#form-error').count()) assert.fail(`${handle} could not sign in: ${await page.textContent('#form-error')}`)
  await page.waitForURL(haven.url + '/')
  assert.match(await page.textContent('h1'), /^Hello, /)
}

// A fresh browser context (its own cookies) with a page, sized like a laptop or a phone.
export async function newPage (browser, { phone = false } = {}) {
  const context = await browser.newContext(phone
    ? { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
    : { viewport: { width: 1280, height: 900 } })
  const page = await context.newPage()
  page.setDefaultTimeout(10000)
  page.scriptErrors = []
  page.on('pageerror', e => page.scriptErrors.push(String(e)))
  // A page answered 400 or 403 on purpose is not a fault; a stylesheet or script that fails is.
  page.on('console', m => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) page.scriptErrors.push(m.text())
  })
  page.on('response', r => {
    if (r.request().resourceType() !== 'document' && r.status() >= 400) page.scriptErrors.push(`${r.status()} ${r.url()}`)
  })
  // A request the browser abandons because the page navigated on (a form sent before a script
  // finished loading) is not a fault; any other failure is.
  page.on('requestfailed', r => {
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') page.scriptErrors.push(`failed: ${r.url()}: ${r.failure()?.errorText}`)
  })
  return page
}

// The page as it stands: no axe-core violations (WCAG 2.1 A and AA), no inline script, no
// script errors or CSP reports, and a full-page screenshot kept under `name`.
export async function checkPage (page, name) {
  mkdirSync(artifacts, { recursive: true })
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true })
  await page.evaluate(axeSource)
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }
  }))
  const violations = result.violations.map(v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).join('; ')})`)
  assert.deepEqual(violations, [], `axe-core found problems on ${name}`)
  const inline = await page.$$eval('script:not([src])', s => s.length)
  assert.equal(inline, 0, `${name} has an inline script`)
  assert.deepEqual(page.scriptErrors, [], `${name} had script errors`)
}

// The refusal on the page names this clause of the policy.
export async function expectRefusal (page, clause) {
  const text = await page.textContent('#refusal-clause')
  assert.match(text, new RegExp(`clause ${clause}\\b`))
}

// The form succeeded: the confirmation banner says `message` (or the page's error is reported).
export async function expectDone (page, message) {
  const banner = page.locator('.govuk-notification-banner')
  if (await banner.count() === 0) {
    const problem = await page.locator('main').textContent()
    assert.fail(`expected "${message}" but the page says: ${problem.replace(/\s+/g, ' ').trim().slice(0, 400)}`)
  }
  assert.match(await banner.textContent(), message)
}

// The day `n` days from today (before it when negative), as a Date to be read in London.
export const daysFromToday = n => new Date(Date.now() + n * 86400000)

// Types `date` (a Date, read in London) into the GOV.UK date input `name`: its fields
// `name`_day, `name`_month and `name`_year, as a person types them ("4", "12", "2026").
export async function typeDate (page, name, date) {
  const part = option => date.toLocaleDateString('en-GB', { timeZone: 'Europe/London', [option]: 'numeric' })
  await page.fill(`#${name}_day`, part('day'))
  await page.fill(`#${name}_month`, part('month'))
  await page.fill(`#${name}_year`, part('year'))
}

// Books a session from the family page open in `page`: on `date` (a Date), times as typed
// ("4pm"), in `room`; with `gap` minutes between the parents' arrivals and as a handover only
// when asked. Expects the confirmation.
export async function bookSession (page, date, { starts, ends, room, gap = '', handover = false }) {
  await typeDate(page, 'date', date)
  await page.fill('#starts', starts)
  await page.fill('#ends', ends)
  await page.fill('#room', room)
  if (gap) await page.fill('#gap_minutes', gap)
  if (handover) await page.check('#handover')
  await page.click('button:has-text("Book session")')
  await expectDone(page, /Session booked/)
}

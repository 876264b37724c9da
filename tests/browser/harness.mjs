// What every browser test shares: its command line and work folder, a real `charter serve` on
// an ephemeral port, Debian's headless Chromium (driven by npm playwright-core) with a
// throw-away profile, the checks and their tally, axe-core at WCAG 2.2 AA, signing in through
// the sign-in form, and the clean-up.
//
// A test script is run as `node tests/browser/NAME.mjs path/to/charter BUILD_DIR`; it prints
// "ok"/"FAIL" per check and "N passed, N failed" last, and exits non-zero on any failure.
import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const { chromium } = require(join(root, 'node_modules', 'playwright-core'))
const axeSource = readFileSync(join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8')
const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

// The command line and a fresh work folder: { charter, buildDir, artifacts, work, db }.
export function testEnv (name) {
  const charter = process.argv[2] || join(root, 'build', 'charter')
  const buildDir = process.argv[3] || join(root, 'build')
  const artifacts = join(buildDir, 'artifacts')
  mkdirSync(artifacts, { recursive: true })
  const work = mkdtempSync(join(tmpdir(), `charter-${name}-`))
  return { charter, buildDir, artifacts, work, db: join(work, 'charter.db') }
}

// Runs `charter ARGS` to completion; answers its standard output (throws on a non-zero exit).
export function runCharter (charter, args) {
  return execFileSync(charter, args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] })
}

// ---- checks -------------------------------------------------------------------------------

const tally = { passed: 0, failed: 0, failures: [] }

export function check (ok, what) {
  if (ok) {
    tally.passed++
    console.log(`ok   ${what}`)
  } else {
    tally.failed++
    tally.failures.push(what.split('\n')[0])
    console.log(`FAIL ${what}`)
  }
}

// Prints the tally (and what failed) and answers the exit code.
export function summary () {
  if (tally.failures.length) console.log('failed: ' + tally.failures.join('; '))
  console.log(`${tally.passed} passed, ${tally.failed} failed`)
  return tally.failed ? 1 : 0
}

// A screenshot of the page at `shotFile`, then axe-core at WCAG 2.2 AA: one check, which lists
// the first nodes of each violation when it fails.
export async function audit (page, name, shotFile) {
  await page.screenshot({ path: shotFile, fullPage: true })
  await page.evaluate(axeSource)
  const result = await page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: tags } })
    return r.violations.map(v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')})`)
  }, WCAG_22_AA)
  check(result.length === 0, `axe: no WCAG 2.2 AA violations on ${name}` + (result.length ? '\n     ' + result.join('\n     ') : ''))
}

export async function bodyText (page) {
  return page.locator('body').innerText()
}

// Signs in through the sign-in form (its own CSRF token included) and waits for the page it
// leads to. Starts from /sign-in unless `fromCurrentPage` (a page that sent you to sign in).
export async function signIn (page, base, username, password, { fromCurrentPage = false } = {}) {
  if (!fromCurrentPage) await page.goto(base + '/sign-in')
  await page.fill('#username', username)
  await page.fill('#password', password)
  await page.click('button:has-text("Sign in")')
  await page.waitForLoadState('load')
}

// Whether the browser holds a session cookie.
export async function signedIn (context) {
  return (await context.cookies()).some(c => c.name === 'charter_session')
}

// ---- words people read (issue 12 item 8) ---------------------------------------------------

// The raw codes found in `text` (after emails and web addresses are taken out), each once.
export function rawCodes (text) {
  const cleaned = text.replace(/\S+@\S+/g, ' ').replace(/\b(https?:\/\/|www\.)\S+/g, ' ')
    .replace(/\/[\w./{}?=&-]+/g, ' ').replace(/\b[\w-]+\.(txt|eml|pdf|png|jpe?g|csv|xlsx|docx?|brf|mp3|ogg)\b/gi, ' ')
  const found = new Set()
  const rules = [
    [/\b[a-z]+(?:_[a-z0-9]+)+\b/g, 'slug'],
    [/\b[a-z]+[0-9]*\.[a-z0-9_]+\b/g, 'dotted code'],
    [/\b\d{4}-\d{2}-\d{2}\b/g, 'ISO date'],
    [/£\d{4,}/g, 'money without a thousands separator']
  ]
  for (const [re, what] of rules) {
    for (const m of cleaned.matchAll(re)) found.add(`${what} "${m[0]}"`)
  }
  return [...found]
}

// What a person reads on the page: <main>, without what people typed into cases (the elements
// marked data-user-text) and without form fields' values.
export async function readableText (page) {
  return page.evaluate(() => {
    const main = document.querySelector('main') || document.body
    const copy = main.cloneNode(true)
    copy.querySelectorAll('[data-user-text], script, style, input, textarea, select').forEach(e => e.remove())
    document.body.appendChild(copy)
    copy.style.position = 'absolute'
    const text = copy.innerText
    copy.remove()
    return text
  })
}

// ---- the server and the browser -----------------------------------------------------------

// Starts `charter serve ARGS` and answers { server, base } once it prints its listening line.
export async function startCharter (charter, args) {
  const server = spawn(charter, ['serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let serverErr = ''
  server.stderr.on('data', d => { serverErr += d })
  const base = await new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error('charter serve did not start: ' + serverErr)), 20000)
    server.stdout.on('data', d => {
      out += d
      const m = out.match(/listening on (http:\/\/[^\s]+)/)
      if (m) { clearTimeout(timer); resolve(m[1]) }
    })
    server.on('exit', code => reject(new Error(`charter serve exited ${code}: ${serverErr}`)))
  })
  return { server, base }
}

// Launches /usr/bin/chromium headless; answers { profile, context, page }.
export async function launchChromium () {
  const profile = mkdtempSync(join(tmpdir(), 'charter-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1100, height: 900 }
  })
  const page = context.pages()[0] || await context.newPage()
  return { profile, context, page }
}

// Closes the browser, stops the server and removes the profile and work folders.
export async function cleanUp ({ context, server, profile, work }) {
  await context.close()
  server.kill('SIGTERM')
  rmSync(profile, { recursive: true, force: true })
  rmSync(work, { recursive: true, force: true })
}

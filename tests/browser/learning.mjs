// Learning actions and the Ombudsman in real headless Chromium with axe-core at WCAG 2.2 AA: the
// public "You said, we did" page (no sign-in), the staff "Learning action plan", and the
// learning action form on a case page (its error state, then the case with the action), on a
// small demo database.
//
//   node tests/browser/learning.mjs path/to/charter BUILD_DIR
//
// Prints "N passed, N failed" last; exits non-zero on any failure.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'
import { launchChromium, startCharter } from './harness.mjs'

const require = createRequire(import.meta.url)
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const { chromium } = require(join(root, 'node_modules', 'playwright-core'))
const axeSource = readFileSync(join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8')

const charter = process.argv[2] || join(root, 'build', 'charter')
const buildDir = process.argv[3] || join(root, 'build')
const artifacts = join(buildDir, 'artifacts')
mkdirSync(artifacts, { recursive: true })
const work = mkdtempSync(join(tmpdir(), 'charter-learning-'))
const db = join(work, 'charter.db')
const PASSWORD = 'a long browser test password'

let passed = 0
let failed = 0
function check (ok, what) {
  if (ok) { passed++; console.log(`ok   ${what}`) } else { failed++; console.log(`FAIL ${what}`) }
}
function run (args) {
  return execFileSync(charter, args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] })
}

run(['demo', '--db', db, '--scale', '0.1', '--no-serve'])
writeFileSync(join(work, 'pw'), PASSWORD + '\n')
run(['user', 'add', '--db', db, '--landlord', 'demo', '--username', 'lena', '--role',
  'complaints_admin', '--name', 'Lena Learning', '--password-file', join(work, 'pw')])
const token = run(['token', 'create', '--db', db, '--landlord', 'demo', '--role', 'complaints_admin']).trim()

const { server, base } = await startCharter(charter, ['--db', db, '--port', '0', '--assets', join(buildDir, 'assets')])

const { profile, context, page } = await launchChromium(chromium)

async function audit (name) {
  await page.screenshot({ path: join(artifacts, `learning-${name}.png`), fullPage: true })
  await page.evaluate(axeSource)
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
    return r.violations.map(v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')})`)
  })
  check(result.length === 0, `axe: no WCAG 2.2 AA violations on ${name}` + (result.length ? '\n     ' + result.join('\n     ') : ''))
}
async function bodyText () { return page.locator('body').innerText() }

try {
  // The public list needs no sign-in and names no one.
  let resp = await page.goto(base + '/you-said-we-did')
  check(resp.status() === 200, 'you said, we did: 200 without signing in')
  check((await page.locator('h1').innerText()).includes('You said, we did'), 'you said, we did: heading')
  check((await page.locator('.govuk-summary-card').count()) > 0, 'you said, we did: the demo published some')
  check(!(await bodyText()).includes('CH-0'), 'you said, we did: no case references')
  await audit('you-said-we-did')

  // A complaint through the API, then the learning action form in the staff workspace.
  const created = await fetch(base + '/api/v1/cases', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ kind: 'complaint', received_at: new Date(Date.now() - 3600e3).toISOString().replace(/\.\d+Z$/, 'Z'), channel: 'phone', summary: 'Damp in the bedroom', person: { name: 'A Resident' } })
  }).then(r => r.json())
  await page.goto(base + '/sign-in')
  await page.fill('#username', 'lena')
  await page.fill('#password', PASSWORD)
  await page.click('button:has-text("Sign in")')
  await page.waitForLoadState('load')
  resp = await page.goto(`${base}/staff/cases/${created.id}/act/learning_action`)
  check(resp.status() === 200, 'learning action form: 200')
  await audit('learning-action-form')
  await page.click('button:has-text("Save")')
  await page.waitForLoadState('load')
  check((await page.locator('.govuk-error-summary a[href="#lesson"]').count()) === 1, 'learning action form: the error summary links to the field')
  check((await page.locator('#lesson-error, .govuk-error-message').count()) > 0, 'learning action form: the error is next to the field')
  await audit('learning-action-form-error')
  await page.fill('#lesson', 'Damp reports were closed without finding the cause')
  await page.fill('#owner', 'Head of Repairs')
  if (await page.locator('select#service_area').count()) {
    await page.selectOption('select#service_area', { index: 1 })
  } else {
    await page.fill('#service_area', 'Repairs')
  }
  const due = new Date(Date.now() + 30 * 86400e3).toISOString().slice(0, 10)
  await page.fill('#due', due)
  await page.click('button:has-text("Save")')
  await page.waitForLoadState('load')
  check((await bodyText()).includes('Learning and the Ombudsman'), 'case page: the learning section')
  check((await bodyText()).includes('Learning action 1'), 'case page: the learning action and its clock')
  await audit('case-with-learning')

  resp = await page.goto(base + '/staff/learning')
  check(resp.status() === 200, 'learning action plan: 200')
  check((await bodyText()).includes('Damp reports were closed without finding the cause'), 'learning action plan: the new action')
  await audit('learning-action-plan')
  await page.goto(base + '/reports/annual')
  check((await bodyText()).includes('The Housing Ombudsman'), 'annual report: the Ombudsman section')
} catch (e) {
  check(false, 'no exception: ' + e.message)
} finally {
  await context.close()
  server.kill('SIGTERM')
  rmSync(profile, { recursive: true, force: true })
  rmSync(work, { recursive: true, force: true })
}
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)

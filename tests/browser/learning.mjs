// Learning actions and the Ombudsman in real headless Chromium with axe-core at WCAG 2.2 AA: the
// public "You said, we did" page (no sign-in), the staff "Learning action plan", and the
// learning action form on a case page (its error state, then the case with the action), on a
// small demo database.
//
//   node tests/browser/learning.mjs path/to/charter BUILD_DIR
//
// Prints "N passed, N failed" last; exits non-zero on any failure.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  audit as auditPage, bodyText as pageText, check, cleanUp, launchChromium, runCharter, signIn,
  startCharter, summary, testEnv
} from './harness.mjs'

const { charter, buildDir, artifacts, work, db } = testEnv('learning')
const PASSWORD = 'a long browser test password'
const run = args => runCharter(charter, args)

run(['demo', '--db', db, '--scale', '0.1', '--no-serve'])
writeFileSync(join(work, 'pw'), PASSWORD + '\n')
run(['user', 'add', '--db', db, '--landlord', 'demo', '--username', 'lena', '--role',
  'complaints_admin', '--name', 'Lena Learning', '--password-file', join(work, 'pw')])
const token = run(['token', 'create', '--db', db, '--landlord', 'demo', '--role', 'complaints_admin']).trim()

const { server, base } = await startCharter(charter, ['--db', db, '--port', '0', '--assets', join(buildDir, 'assets')])

const { profile, context, page } = await launchChromium()

async function audit (name) { await auditPage(page, name, join(artifacts, `learning-${name}.png`)) }
async function bodyText () { return pageText(page) }

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
  await signIn(page, base, 'lena', PASSWORD)
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
  await cleanUp({ context, server, profile, work })
}
process.exit(summary())

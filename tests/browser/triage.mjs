// Triage in real headless Chromium with axe-core at WCAG 2.2 AA, at 1100 px and at 320 px: a new
// complaint waits in My work's "New, not yet assigned" queue for the complaints team; assigning
// it from the case page gives it an owner; it then shows under "Assigned to you" in the
// assignee's My work and leaves the queue. On a small demo database.
//
//   node tests/browser/triage.mjs path/to/charter BUILD_DIR
//
// Prints "N passed, N failed" last; exits non-zero on any failure.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  audit as auditPage, bodyText, check, cleanUp, launchChromium, runCharter, signIn,
  startCharter, summary, testEnv
} from './harness.mjs'

const { charter, buildDir, artifacts, work, db } = testEnv('triage')
const PASSWORD = 'a long browser test password'
const run = args => runCharter(charter, args)

run(['demo', '--db', db, '--scale', '0.1', '--no-serve'])
writeFileSync(join(work, 'pw'), PASSWORD + '\n')
for (const [username, role, name] of [['tess', 'complaints_admin', 'Tess Triage'],
  ['ivan', 'investigating_manager', 'Ivan Investigator']]) {
  run(['user', 'add', '--db', db, '--landlord', 'demo', '--username', username, '--role', role,
    '--name', name, '--password-file', join(work, 'pw')])
}
const token = run(['token', 'create', '--db', db, '--landlord', 'demo', '--role', 'complaints_admin']).trim()

const { server, base } = await startCharter(charter, ['--db', db, '--port', '0', '--assets', join(buildDir, 'assets')])
const { profile, context, page } = await launchChromium()

// Each page audited at desktop width and at 320 px (WCAG reflow), screenshots of both.
async function audit (name) {
  await auditPage(page, name, join(artifacts, `triage-${name}.png`))
  await page.setViewportSize({ width: 320, height: 800 })
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  check(overflow <= 0, `${name} at 320 px: no sideways scrolling (${overflow} px over)`)
  await auditPage(page, `${name} at 320 px`, join(artifacts, `triage-${name}-320.png`))
  await page.setViewportSize({ width: 1100, height: 900 })
}

try {
  const received = new Date(Date.now() - 3600e3).toISOString().replace(/\.\d+Z$/, 'Z')
  const created = await fetch(base + '/api/v1/cases', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ kind: 'complaint', received_at: received, channel: 'phone', summary: 'Triage test: leak under the sink', person: { name: 'Tia Resident' } })
  }).then(r => r.json())
  check(created.owner === null, 'a new complaint has no owner')

  await signIn(page, base, 'tess', PASSWORD)
  let resp = await page.goto(base + '/staff')
  check(resp.status() === 200, 'my work: 200')
  const queue = page.locator('#new-unassigned')
  check(await queue.count() === 1, 'my work: the "New, not yet assigned" queue is shown to the complaints team')
  const headings = await page.locator('h2').allInnerTexts()
  check(headings[0] && headings[0].startsWith('New, not yet assigned'), 'my work: the queue comes first')
  const text = await bodyText(page)
  check(text.includes(created.reference), 'my work: the new complaint is in the queue')
  await audit('my-work-queue')

  resp = await page.goto(`${base}/staff/cases/${created.id}`)
  check(resp.status() === 200, 'case page: 200')
  check((await bodyText(page)).includes('Not yet assigned'), 'case page: not yet assigned')
  check(await page.locator('select#owner').count() === 1, 'case page: a select of staff to assign to')
  await audit('case-assign-form')
  // Assigning without choosing: the error next to the field.
  await page.click('button:has-text("Assign")')
  await page.waitForLoadState('load')
  check((await page.locator('.govuk-error-summary a[href="#owner"]').count()) === 1, 'assign: the error summary links to the owner')
  await audit('assign-error')
  await page.selectOption('select#owner', 'ivan')
  await page.click('button:has-text("Save")')
  await page.waitForLoadState('load')
  const after = await bodyText(page)
  check(after.includes('Assigned to Ivan Investigator'), 'case page: the timeline records the assignment, by name')
  check(page.url().includes(`/staff/cases/${created.id}`), 'assign: back on the case page')

  await page.goto(base + '/staff')
  check(!(await bodyText(page)).split('Assigned to you')[0].includes(created.reference), 'my work: the case has left the queue')

  await context.clearCookies()
  await signIn(page, base, 'ivan', PASSWORD)
  resp = await page.goto(base + '/staff')
  check(resp.status() === 200, "assignee's my work: 200")
  check(await page.locator('#new-unassigned').count() === 0, "assignee's my work: no triage queue for an investigating manager")
  const mine = await page.locator('#assigned-to-you + *').innerText()
  check(mine.includes(created.reference), "assignee's my work: the case under Assigned to you")
  await audit('my-work-assigned')
} catch (e) {
  check(false, 'no exception: ' + e.message)
} finally {
  await cleanUp({ context, server, profile, work })
}
process.exit(summary())

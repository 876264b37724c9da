// Repairs, call-backs and compliments in real headless Chromium with axe-core at WCAG 2.2 AA, at
// 1100 px and at 320 px: logging a service request with its repair priority (and not resolved
// at first contact), booking its appointment from the case page, a staff member's own
// Compliments page, and the Performance page's repairs and compliments tables. On a small demo
// database with policies/example-003.toml.
//
//   node tests/browser/repairs.mjs path/to/charter BUILD_DIR
//
// Prints "N passed, N failed" last; exits non-zero on any failure.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  audit as auditPage, bodyText, check, cleanUp, launchChromium, root, runCharter, signIn,
  startCharter, summary, testEnv
} from './harness.mjs'

const { charter, buildDir, artifacts, work, db } = testEnv('repairs')
const PASSWORD = 'a long browser test password'
const POLICY = join(root, 'policies', 'example-003.toml')
const run = args => runCharter(charter, args)

run(['demo', '--db', db, '--scale', '0.1', '--no-serve', '--policy', POLICY])
writeFileSync(join(work, 'pw'), PASSWORD + '\n')
for (const [username, role, name] of [['rosa', 'front_line', 'Rosa Repairs'],
  ['max', 'complaints_admin', 'Max Admin']]) {
  run(['user', 'add', '--db', db, '--landlord', 'demo', '--username', username, '--role', role,
    '--name', name, '--password-file', join(work, 'pw')])
}
const token = run(['token', 'create', '--db', db, '--landlord', 'demo', '--role', 'complaints_admin']).trim()

const { server, base } = await startCharter(charter, ['--db', db, '--port', '0', '--policy', POLICY,
  '--assets', join(buildDir, 'assets')])
const { profile, context, page } = await launchChromium()

// Screenshot and axe at 1100 px, at 320 px and at 200% zoom (a 1100 px window zoomed to 200%
// lays the page out in 550 CSS px, drawn at twice the scale).
async function audit (name) {
  await auditPage(page, name, join(artifacts, `repairs-${name}.png`))
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  await page.setViewportSize({ width: 320, height: 800 })
  let over = await overflow()
  check(over <= 0, `${name} at 320 px: no sideways scrolling (${over} px over)`)
  await auditPage(page, `${name} at 320 px`, join(artifacts, `repairs-${name}-320.png`))
  await page.setViewportSize({ width: 550, height: 450 })
  over = await overflow()
  check(over <= 0, `${name} at 200% zoom: no sideways scrolling (${over} px over)`)
  await page.screenshot({ path: join(artifacts, `repairs-${name}-zoom200.png`), fullPage: true, scale: 'device' })
  await page.setViewportSize({ width: 1100, height: 900 })
}

// Codes and machine dates a reader should never see in `text` (form hints aside).
function plain (name, text) {
  const raw = ['service_request', 'all_day', 'appointment_booked', 'repair_completed', '&apos;', 'undefined']
    .filter(code => text.includes(code))
  check(raw.length === 0, `${name}: no raw codes (${raw.join(', ')})`)
  const iso = text.match(/\b\d{4}-\d{2}-\d{2}(T[\d:]+)?\b/g) || []
  check(iso.length === 0, `${name}: no ISO dates (${iso.slice(0, 3).join(', ')})`)
}

try {
  await signIn(page, base, 'rosa', PASSWORD)
  let resp = await page.goto(base + '/staff/new')
  check(resp.status() === 200, 'log a contact: 200')
  check(await page.locator('select#category').count() === 1, 'log a contact: a repair priority select')
  await audit('new-contact')
  await page.check('input[name="kind"][value="service_request"]')
  await page.fill('#summary', 'Repairs test: no hot water')
  await page.selectOption('select#category', 'urgent')
  await page.check('input[name="resolved_at_first_contact"][value="no"]')
  await page.fill('#person-name', 'Rhys Resident')
  await page.click('button:has-text("Log it")')
  await page.waitForLoadState('load')
  let text = await bodyText(page)
  check(page.url().includes('/staff/cases/'), 'logged: on the case page')
  check(text.includes('Complete an urgent repair'), 'case page: the urgent repair clock')
  check(text.includes('Get back to the resident within one working day'), 'case page: the call-back clock')
  check(text.includes('Priority'), 'case page: the repair section')
  const caseUrl = page.url().split('?')[0]

  await page.click('a:has-text("Book an appointment")')
  await page.waitForLoadState('load')
  await audit('book-appointment')
  await page.click('button:has-text("Save")')
  await page.waitForLoadState('load')
  check((await page.locator('.govuk-error-summary a[href="#date"]').count()) === 1, 'book: the error summary links to the date')
  const tomorrow = new Date(Date.now() + 86400e3).toISOString().slice(0, 10)
  await page.fill('#date', tomorrow)
  await page.check('input[name="slot"][value="am"]')
  await page.fill('#contractor', 'Acme Repairs')
  await page.click('button:has-text("Save")')
  await page.waitForLoadState('load')
  text = await bodyText(page)
  check(page.url().startsWith(caseUrl), 'book: back on the case page')
  check(text.includes('Acme Repairs'), 'case page: the appointment and its contractor')
  check(text.includes('Appointment booked'), 'case page: the timeline records the booking')
  check(text.includes('Urgent'), 'case page: the priority in words')
  plain('case page', text)

  await page.click('a:has-text("Rearrange the appointment")')
  await page.waitForLoadState('load')
  check((await bodyText(page)).includes('The appointment is'), 'rearrange: the form names the current appointment')
  const later = new Date(Date.now() + 3 * 86400e3).toISOString().slice(0, 10)
  await page.fill('#date', later)
  await page.check('input[name="slot"][value="all_day"]')
  await page.fill('#reason', 'Resident at work that morning')
  await page.click('button:has-text("Save")')
  await page.waitForLoadState('load')
  text = await bodyText(page)
  check(page.url().startsWith(caseUrl), 'rearrange: back on the case page')
  check(text.includes('Appointment rearranged'), 'case page: the timeline records the rearrangement')
  check(text.includes('Rearranged: Resident at work that morning'), 'case page: the first appointment shows as rearranged, with why')
  check(text.includes('all day'), 'case page: the new slot in words')
  plain('case page after rearranging', text)
  await audit('case-appointment')

  // Completed repairs on the demo: their section, appointments and timeline read as words.
  const api = path => fetch(base + path, { headers: { Authorization: `Bearer ${token}` } }).then(r => r.json())
  // Every closed service request, newest first (the demo's repairs follow its older cases).
  const closed = []
  for (let cursor = ''; ;) {
    const got = await api('/api/v1/cases?kind=service_request&status=closed&limit=200' + (cursor ? `&cursor=${cursor}` : ''))
    closed.push(...(got.cases || []))
    if (!got.next_cursor) break
    cursor = encodeURIComponent(got.next_cursor)
  }
  closed.reverse()
  let shown = 0
  for (const c of closed) {
    const full = await api(`/api/v1/cases/${c.id}`)
    const types = (full.events || []).map(e => e.type)
    if (!types.includes('repair_inspected') || !types.includes('appointment_kept')) continue
    await page.goto(`${base}/staff/cases/${c.id}`)
    text = await bodyText(page)
    check(text.includes('Completed') && text.includes('Post-inspection') && text.includes('Kept'),
      'completed repair: completion, post-inspection and the kept appointment shown')
    plain('completed repair', text)
    await audit('case-completed')
    shown++
    break
  }
  check(shown === 1, 'the demo has a completed, post-inspected repair with a kept appointment')

  const received = new Date(Date.now() - 3600e3).toISOString().replace(/\.\d+Z$/, 'Z')
  const compliment = await fetch(base + '/api/v1/cases', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ kind: 'compliment', received_at: received, channel: 'email', summary: 'Rosa was brilliant', about: 'rosa' })
  }).then(r => r.json())
  resp = await page.goto(base + '/staff/compliments')
  check(resp.status() === 200, 'compliments: 200')
  text = await bodyText(page)
  check(text.includes(compliment.reference), 'compliments: the one about me is listed')
  plain('compliments', text)
  await audit('compliments')

  await context.clearCookies()
  await signIn(page, base, 'max', PASSWORD)
  resp = await page.goto(base + '/performance')
  check(resp.status() === 200, 'performance: 200')
  text = await bodyText(page)
  check(text.includes('Repairs completed in time, by contractor'), 'performance: repairs by contractor')
  check(text.includes('Repair appointments kept'), 'performance: the appointments kept measure')
  check(/Emergency\s+\d+/.test(text), 'performance: repairs by priority, named in words and counted')
  check(!text.includes('None in this period'), 'performance: no empty service table on the demo')
  await page.locator('#services').scrollIntoViewIfNeeded()
  await audit('performance')
} catch (e) {
  check(false, 'no exception: ' + e.message)
} finally {
  await cleanUp({ context, server, profile, work })
}
process.exit(summary())

// What a new user of the demo sees at once, in real headless Chromium with axe-core at WCAG 2.2
// AA: the demo complaints account's My work (triage, restriction reviews) at desktop width and
// at 320 px; a case of the restricted resident (DEMO-P-0420) with its banner, and the person's
// page with the letters recorded as sent; a document shared with the resident on the staff case
// page and in the resident's portal (desktop and 320 px).
//
//   node tests/browser/followup.mjs path/to/charter BUILD_DIR
//
// Prints "N passed, N failed" last; exits non-zero on any failure.
import { join } from 'node:path'
import {
  audit as auditPage, bodyText as pageText, check, cleanUp, launchChromium, runCharter, signIn,
  startCharter, summary, testEnv
} from './harness.mjs'

const { charter, buildDir, artifacts, work, db } = testEnv('followup')
const DEMO_PASSWORD = 'charter demo only'
const run = args => runCharter(charter, args)

run(['demo', '--db', db, '--scale', '0.1', '--no-serve'])
const token = run(['token', 'create', '--db', db, '--landlord', 'demo', '--role', 'complaints_admin']).trim()

const { server, base } = await startCharter(charter, ['--db', db, '--port', '0', '--assets', join(buildDir, 'assets')])
const { profile, context, page } = await launchChromium()

async function audit (name) { await auditPage(page, name, join(artifacts, `followup-${name}.png`)) }
async function bodyText () { return pageText(page) }
async function narrow (name) {
  await page.setViewportSize({ width: 320, height: 900 })
  check(await page.evaluate(() => document.documentElement.scrollWidth <= 320), `${name} at 320 px: no horizontal scrolling`)
  await audit(`${name}-320`)
  await page.setViewportSize({ width: 1100, height: 900 })
}
const api = (path, init = {}) => fetch(base + '/api/v1' + path, {
  ...init, headers: { Authorization: `Bearer ${token}`, ...(init.headers || {}) }
})

try {
  await signIn(page, base, 'complaints', DEMO_PASSWORD)
  let resp = await page.goto(base + '/staff')
  check(resp.status() === 200, 'My work: 200')
  const text = await bodyText()
  check(/You have \d+ open cases?\./.test(text), 'My work: how many open cases the person owns')
  check(text.includes('New, not yet assigned'), 'My work: the triage queue')
  check(text.includes('Restriction reviews'), 'My work: restriction reviews')
  await audit('my-work')
  await narrow('my-work')

  // The restricted resident's case: the banner; their page: the letters sent.
  const list = await (await api('/cases?q=Dennis%20Marsh&limit=50')).json()
  const restricted = (list.cases || []).find(c => c.kind === 'complaint') || (list.cases || [])[0]
  check(!!restricted, 'the restricted resident has a case')
  resp = await page.goto(`${base}/staff/cases/${restricted.id}`)
  check(resp.status() === 200, 'restricted case: 200')
  const banner = page.locator('.govuk-notification-banner', { hasText: 'Contact restriction' })
  check((await banner.count()) === 1, 'restricted case: the banner')
  await audit('restricted-case')
  await narrow('restricted-case')
  await banner.locator('a').click()
  await page.waitForLoadState('load')
  check((await bodyText()).includes('Sent by post on'), 'restrictions page: the letters recorded as sent')
  await audit('restrictions-letters')

  // A document shared with the demo resident: on the staff case page and in the portal.
  await context.clearCookies()
  await signIn(page, base, 'resident', DEMO_PASSWORD)
  await page.goto(base + '/portal')
  await page.locator('a[href^="/portal/cases/"]').first().click()
  await page.waitForLoadState('load')
  const id = page.url().match(/\/portal\/cases\/(\d+)/)[1]
  const pdf = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n'
  resp = await api(`/cases/${id}/attachments/Repair%20report.pdf`, { method: 'PUT', headers: { 'Content-Type': 'application/pdf' }, body: pdf })
  check(resp.status === 201, 'a document attached (201)')
  resp = await api(`/cases/${id}/attachments/Internal%20note.txt`, { method: 'PUT', headers: { 'Content-Type': 'text/plain' }, body: 'Internal\n' })
  check(resp.status === 201, 'an internal note attached (201)')
  resp = await api(`/cases/${id}/actions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ action: 'share_attachment', name: 'Repair report.pdf' }) })
  check(resp.status === 200, 'the document shared (200)')
  resp = await page.reload()
  const portal = await bodyText()
  check(portal.includes('Repair report.pdf') && !portal.includes('Internal note.txt'), 'portal: only the shared document')
  await audit('portal-documents')
  await narrow('portal-documents')
  resp = await page.goto(`${base}/portal/cases/${id}/documents/Internal%20note.txt`)
  check(resp.status() === 404, 'portal: an unshared document is 404')

  await context.clearCookies()
  await signIn(page, base, 'complaints', DEMO_PASSWORD)
  await page.goto(`${base}/staff/cases/${id}`)
  const staff = await bodyText()
  check(staff.includes('Shared with the resident') && staff.includes('Document attached: Repair report.pdf'), 'staff case page: shared, and on the timeline')
  await page.locator('#attachments').scrollIntoViewIfNeeded()
  await audit('staff-documents')
} catch (e) {
  check(false, 'no exception: ' + e.message)
} finally {
  await cleanUp({ context, server, profile, work })
}
process.exit(summary())

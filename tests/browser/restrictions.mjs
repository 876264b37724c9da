// Contact restrictions and the choice to complain in real headless Chromium with axe-core at
// WCAG 2.2 AA, on a small demo database (its restricted resident, DEMO-P-0420): the banner on a
// new complaint's case page at desktop width and at 320 px, the person's restrictions page, the
// restriction form's error state, My work's restriction reviews, the restriction letter, and the
// offer of the choice to complain on a service request.
//
//   node tests/browser/restrictions.mjs path/to/charter BUILD_DIR
//
// Prints "N passed, N failed" last; exits non-zero on any failure.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  audit as auditPage, bodyText as pageText, check, cleanUp, launchChromium, runCharter, signIn,
  startCharter, summary, testEnv
} from './harness.mjs'

const { charter, buildDir, artifacts, work, db } = testEnv('restrictions')
const PASSWORD = 'a long browser test password'
const run = args => runCharter(charter, args)

run(['demo', '--db', db, '--scale', '0.1', '--no-serve'])
writeFileSync(join(work, 'pw'), PASSWORD + '\n')
run(['user', 'add', '--db', db, '--landlord', 'demo', '--username', 'rosa', '--role',
  'complaints_admin', '--name', 'Rosa Restrict', '--password-file', join(work, 'pw')])
const token = run(['token', 'create', '--db', db, '--landlord', 'demo', '--role', 'complaints_admin']).trim()

const { server, base } = await startCharter(charter, ['--db', db, '--port', '0', '--assets', join(buildDir, 'assets')])
const { profile, context, page } = await launchChromium()

async function audit (name) { await auditPage(page, name, join(artifacts, `restrictions-${name}.png`)) }
async function bodyText () { return pageText(page) }
async function create (kind, summary) {
  return fetch(base + '/api/v1/cases', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ kind, received_at: new Date(Date.now() - 3600e3).toISOString().replace(/\.\d+Z$/, 'Z'), channel: 'phone', summary, person: { name: 'Dennis Marsh', account: 'DEMO-P-0420' } })
  })
}

try {
  // A restricted resident can still complain (Code 5.14-5.15): logged, with the banner on it.
  const resp0 = await create('complaint', 'Officers will not visit to fix the leak')
  check(resp0.status === 201, 'a restricted resident\'s complaint is logged (201)')
  const complaint = await resp0.json()
  await signIn(page, base, 'rosa', PASSWORD)
  let resp = await page.goto(`${base}/staff/cases/${complaint.id}`)
  check(resp.status() === 200, 'case page: 200')
  const banner = page.locator('.govuk-notification-banner', { hasText: 'Contact restriction' })
  check((await banner.count()) === 1, 'case page: the restriction banner')
  check((await banner.innerText()).includes('Single point of contact'), 'case page: the banner names the restriction')
  await audit('case-banner-desktop')
  await page.setViewportSize({ width: 320, height: 900 })
  check(await page.evaluate(() => document.documentElement.scrollWidth <= 320), 'case page at 320 px: no horizontal scrolling')
  await audit('case-banner-320')
  await page.setViewportSize({ width: 1100, height: 900 })

  // The person's page, the letter and the form's error state.
  await banner.locator('a').click()
  await page.waitForLoadState('load')
  check((await page.locator('h1').innerText()).includes('Contact warnings and restrictions'), 'restrictions page: heading')
  check((await bodyText()).includes('Swore at and threatened'), 'restrictions page: the warning')
  await audit('person')
  await page.click('a:has-text("The restriction letter")')
  await page.waitForLoadState('load')
  check((await bodyText()).includes('How to ask for a review'), 'restriction letter: how to ask for a review')
  await audit('letter')
  await page.goBack()
  await page.click('a:has-text("Restrict contact")')
  await page.waitForLoadState('load')
  await page.click('button:has-text("Save")')
  await page.waitForLoadState('load')
  check((await page.locator('.govuk-error-summary a[href="#kind"]').count()) === 1, 'restrict form: the error summary links to the field')
  await audit('impose-error')

  // Reviewing it in time meets the clock; My work lists the reviews.
  resp = await page.goto(base + '/staff')
  check((await bodyText()).includes('Restriction reviews'), 'My work: restriction reviews')
  check((await bodyText()).includes('Dennis Marsh'), 'My work: the restricted person, by name')
  check(!(await bodyText()).includes('001 §'), 'My work: no internal policy references')
  await audit('my-work')

  // The choice to complain on a service request.
  const sr = await (await create('service_request', 'Tap still dripping')).json()
  resp = await page.goto(`${base}/staff/cases/${sr.id}/act/offer_complaint`)
  check(resp.status() === 200, 'offer the choice to complain: 200')
  await page.check('#choice-2, input[name="choice"][value="not_now"]')
  await page.click('button:has-text("Save")')
  await page.waitForLoadState('load')
  check((await bodyText()).includes('Offered the choice to complain'), 'case page: the choice recorded')
  await audit('offer-recorded')
} catch (e) {
  check(false, 'no exception: ' + e.message)
} finally {
  await cleanUp({ context, server, profile, work })
}
process.exit(summary())

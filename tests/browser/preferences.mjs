// Contact preferences used (domain/contact_preferences.h) in real headless Chromium with
// axe-core at WCAG 2.2 AA: the staff case page shows the preference beside the vulnerabilities
// and flags a review past due (desktop and 320 px); staff change it (the form's error state
// first); "Check and send" preselects the channel and format and asks for a reason when staff
// choose otherwise; the resident changes their own in the portal (desktop and 320 px).
//
//   node tests/browser/preferences.mjs path/to/charter BUILD_DIR
//
// Prints "N passed, N failed" last; exits non-zero on any failure.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  audit as auditPage, bodyText as pageText, check, cleanUp, launchChromium, runCharter, signIn,
  startCharter, summary, testEnv
} from './harness.mjs'

const { charter, buildDir, artifacts, work, db } = testEnv('preferences')
const PASSWORD = 'a long browser test password'
const run = args => runCharter(charter, args)

try { run(['landlord', 'add', '--db', db, '--slug', 'demo', '--name', 'Northside Homes']) } catch (e) { /* may exist */ }
writeFileSync(join(work, 'pw'), PASSWORD + '\n')
run(['user', 'add', '--db', db, '--landlord', 'demo', '--username', 'ivy', '--role',
  'investigating_manager', '--name', 'Ivy Okonkwo', '--password-file', join(work, 'pw')])
run(['user', 'add', '--db', db, '--landlord', 'demo', '--username', 'rhian', '--role',
  'resident', '--name', 'Rhian Evans', '--person', 'P-PREF', '--password-file', join(work, 'pw')])
const token = run(['token', 'create', '--db', db, '--landlord', 'demo', '--role', 'complaints_admin']).trim()

const { server, base } = await startCharter(charter, ['--db', db, '--port', '0', '--landlord', 'demo',
  '--landlord-name', 'Northside Homes', '--assets', join(buildDir, 'assets')])
const { profile, context, page } = await launchChromium()

async function audit (name) { await auditPage(page, name, join(artifacts, `preferences-${name}.png`)) }
async function bodyText () { return pageText(page) }
async function api (path, body) {
  const r = await fetch(base + '/api/v1' + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(body)
  })
  return { status: r.status, json: await r.json() }
}
async function narrow (name) {
  await page.setViewportSize({ width: 320, height: 900 })
  check(await page.evaluate(() => document.documentElement.scrollWidth <= 320), `${name} at 320 px: no horizontal scrolling`)
  await audit(name + '-320')
  await page.setViewportSize({ width: 1100, height: 900 })
}

try {
  const made = await api('/cases', {
    kind: 'complaint', received_at: '2025-03-03T10:00:00Z', channel: 'phone',
    summary: 'Letters I cannot read',
    person: {
      name: 'Rhian Evans', account: 'P-PREF', email: 'rhian@example.org',
      vulnerabilities: ['Partially sighted'],
      contact: { channel: 'email', format: 'braille', review_date: '2025-09-30' }
    }
  })
  check(made.status === 201, 'the complaint is logged (201)')
  const id = made.json.id
  const acked = await api(`/cases/${id}/actions`, {
    action: 'acknowledge', at: '2025-03-04T10:00:00Z', handler: 'ivy',
    definition: 'Letters arrive in print; wants braille',
    responsibility: 'We are responsible for how we write to residents'
  })
  check(acked.status === 200, 'the complaint is acknowledged (200)')

  // The case page: beside the vulnerabilities, with the review flag.
  await signIn(page, base, 'ivy', PASSWORD)
  await page.goto(`${base}/staff/cases/${id}`)
  const person = await page.locator('.charter-person').innerText()
  check(person.includes('How they want to hear from us'), 'case page: the preference in the resident panel')
  check(person.indexOf('Vulnerabilities') < person.indexOf('How they want to hear from us'), 'case page: beside the vulnerabilities')
  check(person.includes('By email, in braille'), 'case page: the preference in words')
  check(person.includes('Review due since Tue 30 Sep 2025'), 'case page: the review is flagged as due')
  await audit('case')
  await narrow('case')

  // Staff change it: a date that does not exist first.
  await page.click('a:has-text("Change how they want to hear from us")')
  await page.waitForLoadState('load')
  check((await page.locator('#channel').inputValue()) === 'email', 'change form: what is held is shown')
  await page.selectOption('#channel', 'letter')
  await page.selectOption('#format', 'large_print')
  await page.fill('#language', 'cy')
  await page.fill('#review_date-day', '31')
  await page.fill('#review_date-month', '2')
  await page.fill('#review_date-year', '2031')
  await page.click('button:has-text("Save")')
  await page.waitForLoadState('load')
  check((await page.locator('.govuk-error-summary a[href="#review_date-day"]').count()) === 1, 'change form: the error summary links to the date')
  await audit('change-error')
  await page.fill('#review_date-day', '28')
  await page.fill('#reason', 'Asked for at the home visit')
  await page.click('button:has-text("Save")')
  await page.waitForLoadState('load')
  check((await bodyText()).includes('How they want to hear from us changed: By letter, in large print, language: Welsh (cy)'), 'timeline: the change')
  check(!(await bodyText()).includes('Review due since'), 'case page: the new review date is ahead')

  // Check and send: preselected; otherwise a reason.
  await page.selectOption('#letter', 'acknowledgement')
  await page.click('button:has-text("Check and send the letter")')
  await page.waitForLoadState('load')
  check(await page.locator('input[name="channel"][value="post"]').isChecked(), 'check and send: by post preselected')
  check(await page.locator('input[name="format"][value="large-print"]').isChecked(), 'check and send: large print preselected')
  await audit('check-and-send')
  await page.check('input[name="channel"][value="email"]')
  await page.click('button:has-text("Send the letter")')
  await page.waitForLoadState('load')
  check((await page.locator('.govuk-error-summary a[href="#reason"]').count()) === 1, 'check and send: the reason is asked for')
  check((await bodyText()).includes('Say why the letter goes by email instead of by post'), 'check and send: the reason in plain words')
  await audit('check-and-send-error')
  await page.fill('#reason', 'She asked for this one by email as well')
  await page.click('button:has-text("Send the letter")')
  await page.waitForLoadState('load')
  await page.goto(`${base}/staff/cases/${id}`)
  check((await bodyText()).includes('Sent by email instead of by post: She asked for this one by email as well'), 'timeline: why it went otherwise')

  // The resident sets their own.
  await context.clearCookies()
  await signIn(page, base, 'rhian', PASSWORD)
  // Staff recorded her language as Welsh above, so her portal is Welsh by default (welsh.mjs
  // covers that); she chooses English with the language switch here.
  await page.goto(`${base}/portal/cases/${id}?lang=en`)
  check((await bodyText()).includes('How you want to hear from us'), 'portal: the preference shown')
  await page.click('a[href$="/contact"]')
  await page.waitForLoadState('load')
  check((await page.locator('h1').innerText()).includes('How do you want to hear from us?'), 'portal: the form')
  await audit('portal-form')
  await page.selectOption('#format', 'audio')
  await page.click('button:has-text("Save")')
  await page.waitForLoadState('load')
  check((await bodyText()).includes('We have saved how you want to hear from us'), 'portal: saved')
  check((await bodyText()).includes('By letter, in audio'), 'portal: the new preference')
  await audit('portal-case')
  await narrow('portal-case')
} catch (e) {
  check(false, 'no exception: ' + e.message)
} finally {
  await cleanUp({ context, server, profile, work })
}
process.exit(summary())

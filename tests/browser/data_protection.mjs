// Subject access requests in real headless Chromium with axe-core at WCAG 2.2 AA, at 1100 px
// and at 320 px: logging one, pausing its clock for proof of identity and resuming it, an
// extension beyond the law refused with the reason, and the response that links the export;
// the demo's paused and extended requests read in words. On a small demo database with
// policies/example-003.toml.
//
//   node tests/browser/data_protection.mjs path/to/charter BUILD_DIR
//
// Prints "N passed, N failed" last; exits non-zero on any failure.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  audit as auditPage, bodyText, check, cleanUp, launchChromium, root, runCharter, signIn,
  startCharter, summary, testEnv
} from './harness.mjs'

const { charter, buildDir, artifacts, work, db } = testEnv('data-protection')
const PASSWORD = 'a long browser test password'
const POLICY = join(root, 'policies', 'example-003.toml')
const run = args => runCharter(charter, args)

run(['demo', '--db', db, '--scale', '0.1', '--no-serve', '--policy', POLICY])
writeFileSync(join(work, 'pw'), PASSWORD + '\n')
run(['user', 'add', '--db', db, '--landlord', 'demo', '--username', 'dpo', '--role',
  'complaints_admin', '--name', 'Dana Protection', '--password-file', join(work, 'pw')])

const { server, base } = await startCharter(charter, ['--db', db, '--port', '0', '--policy', POLICY,
  '--assets', join(buildDir, 'assets')])
const { profile, context, page } = await launchChromium()

async function audit (name) {
  await auditPage(page, name, join(artifacts, `data-protection-${name}.png`))
  await page.setViewportSize({ width: 320, height: 800 })
  const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  check(over <= 0, `${name} at 320 px: no sideways scrolling (${over} px over)`)
  await auditPage(page, `${name} at 320 px`, join(artifacts, `data-protection-${name}-320.png`))
  await page.setViewportSize({ width: 1100, height: 900 })
}

// Codes and machine dates a reader should never see.
function plain (name, text) {
  const raw = ['subject_access_request', 'clock_paused', 'clock_resumed', 'undefined']
    .filter(code => text.includes(code))
  check(raw.length === 0, `${name}: no raw codes (${raw.join(', ')})`)
  const iso = text.match(/\b\d{4}-\d{2}-\d{2}(T[\d:]+)?\b/g) || []
  check(iso.length === 0, `${name}: no ISO dates (${iso.slice(0, 3).join(', ')})`)
}

async function save () {
  await page.click('button:has-text("Save")')
  await page.waitForLoadState('load')
}

try {
  await signIn(page, base, 'dpo', PASSWORD)
  let resp = await page.goto(base + '/staff/new')
  check(resp.status() === 200, 'log a contact: 200')
  await page.check('input[name="kind"][value="subject_access_request"]')
  await page.fill('#summary', 'Browser test: a copy of everything you hold about me')
  await page.fill('#person-name', 'Sam Requester')
  await page.fill('#person-account', 'T-7001')
  await page.click('button:has-text("Log it")')
  await page.waitForLoadState('load')
  let text = await bodyText(page)
  check(page.url().includes('/staff/cases/'), 'logged: on the case page')
  check(text.includes('Respond to a subject access request'), 'case page: the subject access clock')
  plain('case page', text)
  await audit('case')

  await page.click('a:has-text("Pause the clock")')
  await page.waitForLoadState('load')
  await save()
  check((await page.locator('.govuk-error-summary a[href="#reason"]').count()) === 1, 'pause: the error summary links to the reason')
  await page.check('input[name="reason"][value="identity"]')
  await page.fill('#note', 'Asked for photo ID')
  await save()
  text = await bodyText(page)
  check(text.includes('Clock paused while waiting for proof of identity'), 'timeline: the pause in words')
  check(text.includes('Paused'), 'case page: the clock shows as paused')
  plain('case page, paused', text)
  await audit('paused')

  await page.click('a:has-text("Resume the clock")')
  await page.waitForLoadState('load')
  await save()
  text = await bodyText(page)
  check(text.includes('Clock resumed'), 'timeline: the resume')

  await page.click('a:has-text("Extend the time limit")')
  await page.waitForLoadState('load')
  const far = new Date(Date.now() + 200 * 86400e3)
  while (far.getUTCDay() === 0 || far.getUTCDay() === 6) far.setUTCDate(far.getUTCDate() + 1)
  await page.fill('#new_due', far.toISOString().slice(0, 10))
  await page.fill('#reason', 'Complex: many years of records')
  await save()
  text = await bodyText(page)
  check(text.includes('The law allows'), 'extend beyond the law: refused with the reason')
  await audit('extend-refused')

  await page.goto(page.url().split('/act/')[0])
  await page.click('a:text-is("Respond")')
  await page.waitForLoadState('load')
  check(await page.inputValue('#export_person_ref') === 'T-7001', 'respond: the export is the requester\'s by default')
  await save()
  text = await bodyText(page)
  check(text.includes('the subject-access export for T-7001 was given'), 'timeline: the export linked')
  plain('case page, answered', text)
} catch (e) {
  check(false, 'no exception: ' + e.message)
} finally {
  await cleanUp({ context, server, profile, work })
}
process.exit(summary())

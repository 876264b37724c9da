// Anti-social behaviour reports in real headless Chromium with axe-core at WCAG 2.2 AA, at
// 1100 px and at 320 px: logging a report with its level, who it is about and whether it is a
// hate incident (a missing level named in the error summary), then first contact, the action
// plan with its review date, a review and the closure with the reporter's satisfaction, each
// read back in words on the case page. On a small demo database with policies/example-003.toml.
//
//   node tests/browser/asb.mjs path/to/charter BUILD_DIR
//
// Prints "N passed, N failed" last; exits non-zero on any failure.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  audit as auditPage, bodyText, check, cleanUp, launchChromium, root, runCharter, signIn,
  startCharter, summary, testEnv
} from './harness.mjs'

const { charter, buildDir, artifacts, work, db } = testEnv('asb')
const PASSWORD = 'a long browser test password'
const POLICY = join(root, 'policies', 'example-003.toml')
const run = args => runCharter(charter, args)

run(['demo', '--db', db, '--scale', '0.1', '--no-serve', '--policy', POLICY])
writeFileSync(join(work, 'pw'), PASSWORD + '\n')
run(['user', 'add', '--db', db, '--landlord', 'demo', '--username', 'asbofficer', '--role',
  'complaints_admin', '--name', 'Alex Neighbourhood', '--password-file', join(work, 'pw')])

const { server, base } = await startCharter(charter, ['--db', db, '--port', '0', '--policy', POLICY,
  '--assets', join(buildDir, 'assets')])
const { profile, context, page } = await launchChromium()

async function audit (name) {
  await auditPage(page, name, join(artifacts, `asb-${name}.png`))
  await page.setViewportSize({ width: 320, height: 800 })
  const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  check(over <= 0, `${name} at 320 px: no sideways scrolling (${over} px over)`)
  await auditPage(page, `${name} at 320 px`, join(artifacts, `asb-${name}-320.png`))
  await page.setViewportSize({ width: 1100, height: 900 })
}

// Codes and machine dates a reader should never see.
function plain (name, text) {
  const raw = ['asb_report', 'level1', 'asb_contact_made', 'asb_plan_agreed', 'asb_plan_reviewed',
    'not_asked', 'no_further_action', 'undefined']
    .filter(code => text.includes(code))
  check(raw.length === 0, `${name}: no raw codes (${raw.join(', ')})`)
  const iso = text.match(/\b\d{4}-\d{2}-\d{2}(T[\d:]+)?\b/g) || []
  check(iso.length === 0, `${name}: no ISO dates (${iso.slice(0, 3).join(', ')})`)
}

async function save () {
  await page.click('button:has-text("Save")')
  await page.waitForLoadState('load')
}

async function step (link) {
  await page.click(`a:has-text("${link}")`)
  await page.waitForLoadState('load')
}

try {
  await signIn(page, base, 'asbofficer', PASSWORD)
  let resp = await page.goto(base + '/staff/new')
  check(resp.status() === 200, 'log a contact: 200')
  await page.check('input[name="kind"][value="asb_report"]')
  await page.fill('#summary', 'Browser test: threats shouted on the stairs every night')
  await page.fill('#person-name', 'Sam Reporter')
  await page.click('button:has-text("Log it")')
  await page.waitForLoadState('load')
  check((await page.locator('.govuk-error-summary a[href="#asb_level"]').count()) === 1,
    'no level: the error summary links to the level')
  await page.selectOption('#asb_level', 'level1')
  await page.fill('#party_ref', 'FLAT-12')
  await page.check('input[name="hate_incident"][value="yes"]')
  await page.click('button:has-text("Log it")')
  await page.waitForLoadState('load')
  let text = await bodyText(page)
  check(page.url().includes('/staff/cases/'), 'logged: on the case page')
  check(text.includes('Contact the reporter of level 1 anti-social behaviour'), 'case page: the level 1 contact clock')
  check(text.includes('Level 1 (first contact within 24 hours; action plan within 5 working days)'),
    'case page: the level and its times in words')
  check(text.includes('FLAT-12'), 'case page: who the report is about')
  plain('case page', text)
  await audit('case')

  await step('Record first contact with the reporter')
  await page.fill('#notes', 'Called back; statement taken')
  await save()
  text = await bodyText(page)
  check(text.includes('First contact with the reporter: Called back'), 'timeline: first contact')

  await step('Record the action plan')
  await save()
  check((await page.locator('.govuk-error-summary').count()) === 1, 'plan: errors shown when nothing is filled in')
  const review = new Date(Date.now() + 14 * 86400e3)
  await page.fill('#plan', 'Warning letter to the household; diary sheets for two weeks')
  await page.fill('#review_on-day', String(review.getUTCDate()))
  await page.fill('#review_on-month', String(review.getUTCMonth() + 1))
  await page.fill('#review_on-year', String(review.getUTCFullYear()))
  await save()
  text = await bodyText(page)
  check(text.includes('Action plan agreed: Warning letter'), 'timeline: the plan')
  check(text.includes('First review on'), 'timeline: the review date in words')
  plain('case page, plan agreed', text)
  await audit('plan')

  await step('Review the action plan')
  await page.fill('#notes', 'No incidents since the warning letter')
  await save()
  text = await bodyText(page)
  check(text.includes('Action plan reviewed: No incidents'), 'timeline: the review')

  await page.click('a:text-is("Close")')
  await page.waitForLoadState('load')
  await page.check('input[name="outcome"][value="resolved"]')
  await page.check('input[name="satisfaction"][value="satisfied"]')
  await audit('close-form')
  await save()
  text = await bodyText(page)
  check(text.includes('The reporter was satisfied with how it was handled'), 'timeline: the closure with satisfaction')
  check(text.includes("Reporter's satisfaction"), 'case page: satisfaction in the section')
  plain('case page, closed', text)
  await audit('closed')
} catch (e) {
  check(false, 'no exception: ' + e.message)
} finally {
  await cleanUp({ context, server, profile, work })
}
process.exit(summary())

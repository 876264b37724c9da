// The self-assessment against the Code in real headless Chromium with axe-core at WCAG 2.2 AA,
// on a small demo database (last year published, this year a draft): the public page of the
// published year at desktop width and at 320 px, its PDF (rendered with pdftoppm); the staff page
// where the complaints team answers (its error state first), records the governing body's
// review and publishes (refused while rows are unanswered, then published); the public page of
// the newly published year. Screenshots land in BUILD_DIR/artifacts/self-assessment-*.png.
//
//   node tests/browser/self_assessment.mjs path/to/charter BUILD_DIR
//
// Prints "N passed, N failed" last; exits non-zero on any failure.
import { execFileSync } from 'node:child_process'
import { existsSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  audit as auditPage, bodyText as pageText, check, cleanUp, launchChromium, runCharter, signIn,
  startCharter, summary, testEnv
} from './harness.mjs'

const { charter, buildDir, artifacts, work, db } = testEnv('self-assessment')
const PASSWORD = 'a long browser test password'
const run = args => runCharter(charter, args)

function yearLabel (start) { return `${start}-${String((start + 1) % 100).padStart(2, '0')}` }
const now = new Date()
const thisStart = now.getUTCMonth() >= 3 ? now.getUTCFullYear() : now.getUTCFullYear() - 1
const THIS = yearLabel(thisStart)
const LAST = yearLabel(thisStart - 1)

run(['demo', '--db', db, '--scale', '0.1', '--no-serve'])
writeFileSync(join(work, 'pw'), PASSWORD + '\n')
run(['user', 'add', '--db', db, '--landlord', 'demo', '--username', 'casey', '--role',
  'complaints_admin', '--name', 'Casey Complaints', '--password-file', join(work, 'pw')])
const token = run(['token', 'create', '--db', db, '--landlord', 'demo', '--role', 'complaints_admin']).trim()

const { server, base } = await startCharter(charter, ['--db', db, '--port', '0', '--assets', join(buildDir, 'assets')])
const { profile, context, page } = await launchChromium()

async function audit (name) { await auditPage(page, name, join(artifacts, `self-assessment-${name}.png`)) }
async function bodyText () { return pageText(page) }
async function submit (text) {
  await page.click(`button:has-text("${text}")`)
  await page.waitForLoadState('load')
}

try {
  // Last year's, published by the demo: public, no sign-in.
  let resp = await page.goto(`${base}/self-assessment/${LAST}`)
  check(resp.status() === 200, 'public self-assessment: 200 without signing in')
  let text = await bodyText()
  check(text.includes('Our governing body'), 'public self-assessment: the governing body\'s response')
  check(text.includes('The Board accepts the self-assessment'), 'public self-assessment: the response text')
  check(text.includes('9.8') && text.includes('Not met'), 'public self-assessment: a provision not met, shown')
  check(!text.includes('See the cases behind'), 'public self-assessment: no links into the staff workspace')
  await audit('public-desktop')
  await page.setViewportSize({ width: 320, height: 800 })
  await page.reload()
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  check(overflow <= 1, `public self-assessment at 320 px: no sideways scrolling (${overflow}px)`)
  await audit('public-320')
  await page.setViewportSize({ width: 1100, height: 900 })

  // Its PDF, rendered to PNG to look at.
  const pdf = Buffer.from(await (await fetch(`${base}/api/v1/public/self-assessments/${LAST}?format=pdf`)).arrayBuffer())
  check(pdf.subarray(0, 4).toString() === '%PDF', 'public self-assessment PDF: a PDF')
  writeFileSync(join(work, 'sa.pdf'), pdf)
  execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '2', join(work, 'sa.pdf'), join(artifacts, 'self-assessment-pdf')])
  const firstPage = join(artifacts, 'self-assessment-pdf-1.png')
  check(existsSync(firstPage) && statSync(firstPage).size > 10000,
    'public self-assessment PDF: its first page renders (pdftoppm) to a page with content')

  // This year's draft: the complaints team's page.
  await signIn(page, base, 'casey', PASSWORD)
  resp = await page.goto(`${base}/reports/self-assessment?period=${THIS}`)
  check(resp.status() === 200, 'staff self-assessment: 200')
  text = await bodyText()
  check(text.includes('For the landlord to complete'), 'staff self-assessment: rows for the landlord')
  check(text.includes('Draft'), 'staff self-assessment: a draft')
  await audit('staff-draft')
  await page.check('input[name="answer-9-8"][value="no"]')
  await submit('Save answers')
  check((await page.locator('.govuk-error-summary a[href="#commentary-9-8"]').count()) === 1, 'answers: "No" without commentary links to the commentary')
  await audit('staff-answer-error')
  await page.fill('#commentary-9-8', 'The standard objective is added to appraisals from October.')
  await submit('Save answers')
  check((await bodyText()).includes('Answers saved'), 'answers: saved')

  // Publishing before the review is refused, with the reason.
  await submit('Publish the self-assessment')
  check((await bodyText()).includes('Code 8.2'), 'publish without the review: refused (Code 8.2)')

  // Every other row answered (through the API), then the review on the page, then publish.
  const sa = await fetch(`${base}/api/v1/self-assessments/${THIS}`, { headers: { Authorization: `Bearer ${token}` } }).then(r => r.json())
  const answers = sa.rows.filter(r => r.decided_by !== 'data' && r.provision !== '9.8')
    .map(r => ({ provision: r.provision, answer: 'yes', commentary: 'Evidence held by the complaints team.' }))
  const put = await fetch(`${base}/api/v1/self-assessments/${THIS}`, {
    method: 'PUT', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ answers })
  })
  check(put.status === 200, 'answers through the API: 200')
  await page.goto(`${base}/reports/self-assessment?period=${THIS}`)
  const today = new Date()
  await page.fill('#reviewed_on-day', String(today.getUTCDate()))
  await page.fill('#reviewed_on-month', String(today.getUTCMonth() + 1))
  await page.fill('#reviewed_on-year', String(today.getUTCFullYear()))
  await page.fill('#reviewed_by', 'The Board')
  await page.fill('#response', 'The Board accepts this year\'s self-assessment.')
  await submit('Record the review')
  check((await bodyText()).includes('Review recorded'), 'review: recorded')
  await audit('staff-reviewed')
  await submit('Publish the self-assessment')
  text = await bodyText()
  check(text.includes('Published') && text.includes('frozen'), 'publish: published and frozen')
  check((await page.locator('button:has-text("Save answers")').count()) === 0, 'published: no answer form')
  await audit('staff-published')
  resp = await page.goto(`${base}/self-assessment/${THIS}`)
  check(resp.status() === 200, 'the newly published year: public')
  resp = await page.goto(`${base}/self-assessment`)
  text = await bodyText()
  check(text.includes(THIS) && text.includes(LAST), 'public index: both years')
  await audit('public-index')
} catch (e) {
  check(false, 'no exception: ' + e.message)
} finally {
  await cleanUp({ context, server, profile, work })
}
process.exit(summary())

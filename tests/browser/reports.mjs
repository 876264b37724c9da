// The measures and reports pages in real headless Chromium with axe-core at WCAG 2.2
// AA: the public "Our promises" page (no sign-in), then signed in as the demo complaints team
// account: Performance, one measure's cases, and the annual complaints performance and service
// improvement report with its PDF, on a small demo database.
//
//   node tests/browser/reports.mjs path/to/charter BUILD_DIR
//
// Prints "N passed, N failed" last; exits non-zero on any failure.
import { join } from 'node:path'
import {
  audit as auditPage, bodyText, check, cleanUp, launchChromium, root, runCharter, signIn,
  startCharter, summary, testEnv
} from './harness.mjs'

const { charter, artifacts, work, db } = testEnv('reports')

runCharter(charter, ['demo', '--db', db, '--scale', '0.05', '--no-serve',
  '--policy', join(root, 'policies', 'example-000-001.toml')])
const { server, base } = await startCharter(charter, ['--db', db, '--port', '0',
  '--policy', join(root, 'policies', 'example-000-001.toml')])

const { profile, context, page } = await launchChromium()

// Opens `path` and checks it answers 200, then its screenshot and axe-core.
async function audit (name, path) {
  const resp = await page.goto(base + path)
  check(resp.status() === 200, `${name}: 200`)
  await auditPage(page, name, join(artifacts, `reports-${name}.png`))
}

try {
  await audit('promises', '/promises')
  check((await page.locator('h1').innerText()).includes('Our promises'), 'promises: heading')
  check(await page.locator('svg[role="img"]').count() > 0, 'promises: trend charts')
  // The commitments register: each promise with its figure, target and a trend in words (never a
  // chart only), then the promises not measured with the reason; no internal codes or file
  // references; axe clean and no sideways scrolling at 320 px and at 200% zoom.
  const promisesText = await bodyText(page)
  check(promisesText.includes('Every promise we make, with its figures'), 'promises: the register of every promise')
  check(promisesText.includes('If we cannot deal with your enquiry when you first contact us, we get back to you within one working day.'),
    'promises: a measured promise in the register')
  check(/Trend: [^\n]*\d{4} to \d{4}: /.test(promisesText), 'promises: trends in words, each year named')
  check(promisesText.includes('Promises we do not measure, and why'), 'promises: the promises not measured')
  check(promisesText.includes('We communicate with you in the way you prefer.') &&
    promisesText.includes('it is a rule we follow every time rather than a figure'), 'promises: a promise not measured, with its reason')
  check(!/enquiries\.called_back|contacts\.resolved_first_time|measured_by|Charter 000|\.toml|\.md\b/.test(promisesText),
    'promises: no internal codes or file references')
  for (const [size, width, height] of [['320', 320, 900], ['zoom200', 550, 450]]) {
    await page.setViewportSize({ width, height })
    await auditPage(page, `promises (${size})`, join(artifacts, `reports-promises-${size}.png`))
    check(await page.evaluate((w) => document.documentElement.scrollWidth <= w, width), `promises (${size}): no sideways scrolling`)
  }
  await page.setViewportSize({ width: 1100, height: 900 })
  // Everything but Our promises needs a signed-in staff member: signed out, the sign-in page.
  await page.goto(base + '/performance?period=2025-26')
  check(page.url().includes('/sign-in?next='), 'performance: signed out, sent to sign in')
  await signIn(page, base, 'complaints', 'charter demo only', { fromCurrentPage: true })
  check(page.url().includes('/performance'), 'performance: back after signing in')
  await audit('performance', '/performance?period=2025-26')
  await audit('measure-cases', '/performance/CH02-1?period=2025-26')
  await audit('annual-report', '/reports/annual?period=2025-26')
  check((await bodyText(page)).includes('Self-assessment'), 'annual report: self-assessment')
  const pdfHref = await page.locator('a', { hasText: 'Download PDF' }).getAttribute('href')
  check(pdfHref && pdfHref.includes('format=pdf'), 'annual report: a PDF link')
  const pdf = await page.request.get(base + pdfHref)
  check(pdf.status() === 200 && pdf.headers()['content-type'] === 'application/pdf' &&
    (await pdf.body()).subarray(0, 5).toString() === '%PDF-', 'annual report: the PDF downloads')
} catch (e) {
  check(false, 'no exception: ' + e.message)
} finally {
  await cleanUp({ context, server, profile, work })
}
process.exit(summary())

// The measures and reports pages (issue 4) in real headless Chromium with axe-core at WCAG 2.2
// AA: the public "Our promises" page (no sign-in), then signed in as the demo complaints team
// account: Performance, one measure's cases, and the annual complaints performance and service
// improvement report with its PDF, on a small demo database.
//
//   node tests/browser/reports.mjs path/to/charter BUILD_DIR
//
// Prints "N passed, N failed" last; exits non-zero on any failure.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'
import { launchChromium, startCharter } from './harness.mjs'

const require = createRequire(import.meta.url)
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const { chromium } = require(join(root, 'node_modules', 'playwright-core'))
const axeSource = readFileSync(join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8')

const charter = process.argv[2] || join(root, 'build', 'charter')
const buildDir = process.argv[3] || join(root, 'build')
const artifacts = join(buildDir, 'artifacts')
mkdirSync(artifacts, { recursive: true })
const work = mkdtempSync(join(tmpdir(), 'charter-reports-'))
const db = join(work, 'charter.db')

let passed = 0
let failed = 0
function check (ok, what) {
  if (ok) { passed++; console.log(`ok   ${what}`) } else { failed++; console.log(`FAIL ${what}`) }
}

execFileSync(charter, ['demo', '--db', db, '--scale', '0.05', '--no-serve',
  '--policy', join(root, 'policies', 'example-000-001.toml')], { stdio: 'ignore' })
const { server, base } = await startCharter(charter, ['--db', db, '--port', '0',
  '--policy', join(root, 'policies', 'example-000-001.toml')])

const { profile, context, page } = await launchChromium(chromium)

async function audit (name, path) {
  const resp = await page.goto(base + path)
  check(resp.status() === 200, `${name}: 200`)
  await page.screenshot({ path: join(artifacts, `reports-${name}.png`), fullPage: true })
  await page.evaluate(axeSource)
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
    return r.violations.map(v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')})`)
  })
  check(result.length === 0, `axe: no WCAG 2.2 AA violations on ${name}` + (result.length ? '\n     ' + result.join('\n     ') : ''))
}

try {
  await audit('promises', '/promises')
  check((await page.locator('h1').innerText()).includes('Our promises'), 'promises: heading')
  check(await page.locator('svg[role="img"]').count() > 0, 'promises: trend charts')
  // Everything but Our promises needs a signed-in staff member: signed out, the sign-in page.
  await page.goto(base + '/performance?period=2025-26')
  check(page.url().includes('/sign-in?next='), 'performance: signed out, sent to sign in')
  await page.fill('#username', 'complaints')
  await page.fill('#password', 'charter demo only')
  await page.click('button:has-text("Sign in")')
  await page.waitForLoadState('load')
  check(page.url().includes('/performance'), 'performance: back after signing in')
  await audit('performance', '/performance?period=2025-26')
  await audit('measure-cases', '/performance/CH02-1?period=2025-26')
  await audit('annual-report', '/reports/annual?period=2025-26')
  check((await page.locator('body').innerText()).includes('Self-assessment'), 'annual report: self-assessment')
  const pdfHref = await page.locator('a', { hasText: 'Download PDF' }).getAttribute('href')
  check(pdfHref && pdfHref.includes('format=pdf'), 'annual report: a PDF link')
  const pdf = await page.request.get(base + pdfHref)
  check(pdf.status() === 200 && pdf.headers()['content-type'] === 'application/pdf' &&
    (await pdf.body()).subarray(0, 5).toString() === '%PDF-', 'annual report: the PDF downloads')
} catch (e) {
  check(false, 'no exception: ' + e.message)
} finally {
  await context.close()
  server.kill('SIGTERM')
  rmSync(profile, { recursive: true, force: true })
  rmSync(work, { recursive: true, force: true })
}
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)

// The reception visit log and the phones and reception figures in real headless Chromium with
// axe-core at WCAG 2.2 AA, at 1100 px and 320 px: a front-line officer logs a visitor's arrival
// at /staff/reception, marks them seen, and the day's list shows the wait in words; then the
// Performance page and the public Our promises page show the calls and reception measures with
// their targets, from the demo's year of calls and visits (policies/example-003.toml).
//
//   node tests/browser/reception.mjs path/to/charter BUILD_DIR
//
// Prints "N passed, N failed" last; exits non-zero on any failure.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  audit as auditPage, bodyText, check, cleanUp, launchChromium, root, runCharter, signIn,
  startCharter, summary, testEnv
} from './harness.mjs'

const { charter, buildDir, artifacts, work, db } = testEnv('reception')
const PASSWORD = 'a long browser test password'
const POLICY = join(root, 'policies', 'example-003.toml')
const run = args => runCharter(charter, args)

run(['demo', '--db', db, '--scale', '0.1', '--no-serve', '--policy', POLICY])
writeFileSync(join(work, 'pw'), PASSWORD + '\n')
for (const [username, role, name] of [['rhea', 'front_line', 'Rhea Reception'],
  ['max', 'complaints_admin', 'Max Admin']]) {
  run(['user', 'add', '--db', db, '--landlord', 'demo', '--username', username, '--role', role,
    '--name', name, '--password-file', join(work, 'pw')])
}

const { server, base } = await startCharter(charter, ['--db', db, '--port', '0', '--policy', POLICY,
  '--assets', join(buildDir, 'assets')])
const { profile, context, page } = await launchChromium()

async function audit (name) {
  await auditPage(page, name, join(artifacts, `reception-${name}.png`))
  await page.setViewportSize({ width: 320, height: 800 })
  await auditPage(page, `${name} at 320 px`, join(artifacts, `reception-${name}-320.png`))
  await page.setViewportSize({ width: 1100, height: 900 })
}

// Codes and machine dates a reader should never see.
function plain (name, text) {
  const raw = ['calls_percent', 'visits_percent', 'another_officer', 'undefined']
    .filter(code => text.includes(code))
  check(raw.length === 0, `${name}: no raw codes (${raw.join(', ')})`)
  const iso = text.match(/\b\d{4}-\d{2}-\d{2}(T[\d:]+)?\b/g) || []
  check(iso.length === 0, `${name}: no ISO dates (${iso.slice(0, 3).join(', ')})`)
}

try {
  let resp = await page.goto(base + '/staff/reception')
  check(page.url().includes('/sign-in'), 'reception: signed out, the sign-in page')
  await signIn(page, base, 'rhea', PASSWORD)
  resp = await page.goto(base + '/staff/reception')
  check(resp.status() === 200, 'reception: 200')
  await audit('empty')
  await page.fill('#came_to_see', 'Ann Lee')
  await page.click('button:has-text("Log arrival")')
  await page.waitForLoadState('load')
  let text = await bodyText(page)
  check(text.includes('Arrival logged'), 'arrival: the banner')
  check(text.includes('Ann Lee'), 'arrival: whom they came to see')
  check(text.includes('Waiting'), 'arrival: shown as waiting')
  check(/\d+ minutes? so far/.test(text), 'arrival: the wait so far, in words')
  plain('reception with a visitor waiting', text)
  await audit('waiting')
  await page.fill('input[name="seen_by"]', 'Bob Roe')
  await page.click('button:has-text("Mark seen")')
  await page.waitForLoadState('load')
  text = await bodyText(page)
  check(text.includes('Visitor seen'), 'seen: the banner')
  check(text.includes('Bob Roe (another officer)'), 'seen: by another officer, said in words')
  check(!text.includes('Waiting'), 'seen: no one waiting')
  plain('reception after seeing', text)
  await audit('seen')

  // The demo's year of calls and visits on the performance pages, with targets.
  await context.clearCookies()
  await signIn(page, base, 'max', PASSWORD)
  resp = await page.goto(base + '/performance')
  check(resp.status() === 200, 'performance: 200')
  text = await bodyText(page)
  for (const title of ['Calls answered within 20 seconds', 'Transferred calls answered within 20 seconds',
    'Visitors seen within 15 minutes', 'Visitors seen by another officer within 10 minutes']) {
    check(text.includes(title), `performance: ${title}`)
  }
  resp = await page.goto(base + '/promises')
  check(resp.status() === 200, 'our promises: 200')
  text = await bodyText(page)
  check(text.includes('Calls answered within 20 seconds'), 'our promises: the calls promise')
  check(text.includes('Visitors seen within 15 minutes'), 'our promises: the reception promise')
  await audit('promises')
} catch (e) {
  check(false, 'no exception: ' + e.message)
} finally {
  await cleanUp({ context, server, profile, work })
}
process.exit(summary())

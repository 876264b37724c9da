// Every page a member of staff, a resident or the public reads, in words people use and at every
// width (issue 12 items 8 and 10). On the demo database, signed in as the complaints team and as
// the system administrator, it opens each staff page, a case of every kind and state the demo
// holds, and the action forms of an open complaint; signed out, the public pages; signed in as
// the demo resident, the portal and each of their cases (where "the resident" must never appear:
// a resident is "you"). It checks, as Chromium renders them:
//   - no raw codes where a person reads: no snake_case slugs ("service_request", "in_person",
//     "partly_upheld"), no dotted codes ("stage1.acknowledge", "learning.1"), no ISO dates
//     ("2025-04-01"), no money without its thousands separator ("£30725");
//   - no sideways scrolling at 320 px wide or at 200% zoom (a 1280 px window at 200% lays out as
//     640 CSS px), and axe-core at WCAG 2.2 AA at desktop width.
// Text a person typed (case summaries, notes) and the addresses people and pages are reached by
// (emails, web addresses) are not codes, so they are taken out before the checks.
//
//   node tests/browser/every_page.mjs path/to/charter BUILD_DIR
//
// Prints "N passed, N failed" last; exits non-zero on any failure.
import { join } from 'node:path'
import {
  audit, check, cleanUp, launchChromium, rawCodes, readableText, runCharter, signIn, startCharter,
  summary, testEnv
} from './harness.mjs'

const { charter, buildDir, artifacts, work, db } = testEnv('every-page')
const DEMO_PASSWORD = 'charter demo only'
const run = args => runCharter(charter, args)

let shot = 0
async function checkPage (page, path, name, statuses = [200], { resident = false } = {}) {
  const r = await page.goto(base + path)
  const status = r ? r.status() : 0
  check(statuses.includes(status), `${name}: ${path} answers ${statuses.join(' or ')} (${status})`)
  const text = await readableText(page)
  const codes = rawCodes(text)
  check(codes.length === 0, `${name}: no raw codes` + (codes.length ? ` (${codes.slice(0, 6).join(', ')})` : ''))
  if (resident) {
    // A resident is "you", never "the resident" (issue 12 item 8).
    const third = text.match(/[^.\n]*\bthe resident\b[^.\n]*/i)
    check(!third, `${name}: speaks to the resident as "you"` + (third ? ` ("${third[0].trim()}")` : ''))
  }
  const file = join(artifacts, `every-page-${String(++shot).padStart(2, '0')}`)
  await audit(page, name, `${file}.png`)
  for (const [label, size] of [['320 px', { width: 320, height: 700 }], ['200% zoom', { width: 640, height: 450 }]]) {
    await page.setViewportSize(size)
    const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    check(over <= 0, `${name} at ${label}: no sideways scrolling (${over} px over)`)
  }
  await page.screenshot({ path: `${file}-320.png`, fullPage: false })
  await page.setViewportSize({ width: 1100, height: 900 })
}

// ---- the pages ----------------------------------------------------------------------------------

run(['demo', '--db', db, '--scale', '0.1', '--no-serve'])
const token = run(['token', 'create', '--db', db, '--landlord', 'demo', '--role', 'complaints_admin']).trim()
const { server, base } = await startCharter(charter, ['--db', db, '--port', '0', '--assets', join(buildDir, 'assets')])
const { profile, context, page } = await launchChromium()

async function cases (query) {
  const r = await fetch(`${base}/api/v1/cases?${query}`, { headers: { Authorization: `Bearer ${token}` } })
  const body = await r.json()
  return body.cases || body.items || []
}

try {
  check(rawCodes('A service_request on 2025-04-01 for £30725 (stage1.acknowledge)').length === 4,
    'the rules find a slug, an ISO date, money without a separator and a dotted code')
  check(rawCodes('Email jo@northside.example or see https://example.org/a_b. Paid £30,725.00.').length === 0,
    'the rules leave emails, web addresses and well-written money alone')

  await signIn(page, base, 'complaints', DEMO_PASSWORD)
  for (const [path, name, statuses] of [
    ['/staff', 'My work'], ['/staff/work/overdue', 'My work: all overdue cases'],
    ['/staff/work/rest', 'My work: all the rest'], ['/staff/search', 'Search'], ['/staff/search?q=boiler', 'Search results'],
    ['/staff/new', 'Log a new contact'], ['/staff/learning', 'Learning'],
    ['/staff/compliments', 'Compliments'], ['/staff/reception', 'Reception'],
    ['/performance', 'Performance'], ['/reports/annual', 'Annual report'],
    ['/reports/tsm-return', 'TSM return', [200, 409]] // 409: the demo's return is not complete
  ]) await checkPage(page, path, name, statuses)

  // A case of every kind, and complaints in each state the demo holds.
  const seen = new Set()
  const picks = []
  for (const kind of ['complaint', 'service_request', 'enquiry', 'compliment', 'comment', 'mp_enquiry',
    'subject_access_request', 'data_breach', 'asb_report']) {
    for (const c of await cases(`kind=${kind}&limit=200`)) {
      const key = `${c.kind} ${c.status} ${c.stage || ''}`
      if (seen.has(key)) continue
      seen.add(key)
      picks.push(c)
    }
  }
  check(picks.length >= 6, `the demo has cases of several kinds and states (${picks.length}: ${[...seen].join('; ')})`)
  for (const c of picks) {
    await checkPage(page, `/staff/cases/${c.id}`, `case ${c.reference} (${c.kind}, ${c.status})`)
  }
  const open = picks.find(c => c.kind === 'complaint' && c.status === 'open')
  if (open) {
    for (const action of ['respond', 'extend', 'note', 'close']) {
      await checkPage(page, `/staff/cases/${open.id}/act/${action}`, `${action} form on ${open.reference}`)
    }
  }

  await context.clearCookies()
  await signIn(page, base, 'sysadmin', DEMO_PASSWORD)
  for (const [path, name] of [
    ['/staff/admin', 'Administration'], ['/staff/admin/accounts', 'Accounts'],
    ['/staff/admin/tokens', 'API tokens'], ['/staff/admin/landlord', 'Landlord details'],
    ['/staff/admin/policy', 'Policy in use']
  ]) await checkPage(page, path, name)

  // What the public and residents read: the public pages signed out, then the portal.
  await context.clearCookies()
  for (const [path, name] of [
    ['/', 'Home (public)'], ['/complain', 'Make a complaint (public)'],
    ['/promises', 'Our promises (public)'], ['/you-said-we-did', 'You said, we did (public)']
  ]) await checkPage(page, path, name, [200], { resident: true })
  await signIn(page, base, 'resident', DEMO_PASSWORD)
  for (const [path, name] of [['/portal', 'Your cases (portal)'], ['/portal/new', 'Contact us (portal)']]) {
    await checkPage(page, path, name, [200], { resident: true })
  }
  await page.goto(base + '/portal')
  const mine = [...new Set(await page.$$eval('a[href^="/portal/cases/"]',
    as => as.map(a => a.getAttribute('href')).filter(h => /^\/portal\/cases\/\d+$/.test(h))))]
  check(mine.length >= 1, `the demo resident has cases in the portal (${mine.length})`)
  for (const path of mine.slice(0, 6)) {
    await checkPage(page, path, `portal case ${path}`, [200], { resident: true })
  }
  if (mine.length) await checkPage(page, `${mine[0]}/contact`, 'How we contact you (portal)', [200], { resident: true })
} catch (e) {
  check(false, `the sweep ran to the end: ${e.stack}`)
} finally {
  await cleanUp({ context, server, profile, work })
}
process.exit(summary())

// The staff search page in real headless Chromium with axe-core at WCAG 2.2 AA, at 1100 px, at
// 320 px and at 200% zoom (a 1280 px window zoomed to 200% lays out as 640 CSS px): several
// words in any order find a case ("okafor heating"), a phone number in another spelling finds
// it, filters narrow the list (kind, received dates, overdue), the results come newest first
// with GOV.UK pagination past the first 50 (Next, then Previous), and "Download every matching
// case as CSV" answers every matching case, not one page. On a small demo database plus 60
// cases made through the API.
//
//   node tests/browser/search.mjs path/to/charter BUILD_DIR
//
// Prints "N passed, N failed" last; exits non-zero on any failure.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  audit as auditPage, bodyText, check, cleanUp, launchChromium, runCharter, signIn,
  startCharter, summary, testEnv
} from './harness.mjs'

const { charter, buildDir, artifacts, work, db } = testEnv('search')
const PASSWORD = 'a long browser test password'
const run = args => runCharter(charter, args)

run(['demo', '--db', db, '--scale', '0.1', '--no-serve'])
writeFileSync(join(work, 'pw'), PASSWORD + '\n')
run(['user', 'add', '--db', db, '--landlord', 'demo', '--username', 'sam', '--role',
  'complaints_admin', '--name', 'Sam Searcher', '--password-file', join(work, 'pw')])
const token = run(['token', 'create', '--db', db, '--landlord', 'demo', '--role', 'complaints_admin']).trim()

const { server, base } = await startCharter(charter, ['--db', db, '--port', '0', '--assets', join(buildDir, 'assets')])
const { profile, context, page } = await launchChromium()

// Each page audited at desktop width, at 320 px and at 200% zoom, screenshots of each.
async function audit (name) {
  await auditPage(page, name, join(artifacts, `search-${name}.png`))
  for (const [label, size] of [['320', { width: 320, height: 800 }], ['zoom200', { width: 640, height: 450 }]]) {
    await page.setViewportSize(size)
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    check(overflow <= 0, `${name} at ${label}: no sideways scrolling of the page (${overflow} px over)`)
    await auditPage(page, `${name} at ${label}`, join(artifacts, `search-${name}-${label}.png`))
  }
  await page.setViewportSize({ width: 1100, height: 900 })
}

async function api (body) {
  const r = await fetch(base + '/api/v1/cases', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(body)
  })
  const out = await r.json()
  check(r.status === 201, 'a case made through the API: ' + JSON.stringify(out).slice(0, 200))
  return out
}

try {
  const received = new Date(Date.now() - 3600e3).toISOString().replace(/\.\d+Z$/, 'Z')
  const okafor = await api({
    kind: 'complaint', received_at: received, channel: 'phone', summary: 'The heating has failed again',
    person: { name: 'Grace Okafor', phone: '07700 900123', email: 'grace@example.org', address: '12 Acacia Avenue, Leeds' }
  })
  for (let i = 0; i < 60; i++) {
    await api({ kind: 'enquiry', received_at: received, channel: 'email', summary: `Paging question ${i}`, person: { name: 'Pat Pager' } })
  }

  await signIn(page, base, 'sam', PASSWORD)
  let resp = await page.goto(base + '/staff/search')
  check(resp.status() === 200, 'search page: 200')
  check(await page.locator('select#kind').count() === 1, 'search page: a kind filter')
  check(await page.locator('select#owner').count() === 1, 'search page: an owner filter')
  check(await page.locator('#from-day').count() === 1, 'search page: a received-from date')
  await audit('empty')

  // Several words, any order, any case.
  await page.fill('#q', 'HEATING okafor')
  await page.click('button:has-text("Search")')
  await page.waitForLoadState('load')
  let text = await bodyText(page)
  check(text.includes(okafor.reference), 'words in any order find the case')
  check(text.includes('Grace Okafor'), 'the resident is shown')
  check(!/service_request|partly_upheld|&apos;|undefined/.test(text), 'no raw codes or entities')
  await audit('words')

  // A phone number in another spelling.
  await page.goto(base + '/staff/search?q=' + encodeURIComponent('+44 7700 900 123'))
  text = await bodyText(page)
  check(text.includes(okafor.reference), 'a +44 phone number finds the case')

  // Filters: the kind and the received dates narrow; overdue and a stage combine.
  const today = new Date(received)
  await page.goto(base + '/staff/search')
  await page.fill('#q', 'paging question')
  await page.selectOption('select#kind', 'enquiry')
  await page.fill('#from-day', String(today.getUTCDate()))
  await page.fill('#from-month', String(today.getUTCMonth() + 1))
  await page.fill('#from-year', String(today.getUTCFullYear()))
  await page.click('button:has-text("Search")')
  await page.waitForLoadState('load')
  text = await bodyText(page)
  check(text.includes('Cases 1 to 50 for') && text.includes('Newest first'), 'the first page of 50, newest first')
  const firstRow = await page.locator('#results tbody tr').first().innerText()
  check(firstRow.includes('Paging question 59'), 'newest first: the last made is first')
  check(await page.locator('.govuk-pagination__next a').count() === 1, 'a Next link past 50')
  await audit('page-1')
  const csvHref = await page.locator('a:has-text("Download every matching case as CSV")').getAttribute('href')
  await page.click('.govuk-pagination__next a')
  await page.waitForLoadState('load')
  text = await bodyText(page)
  check(text.includes('Cases 51 to 60 for'), 'page 2 holds the last 10')
  check(await page.locator('.govuk-pagination__prev a').count() === 1, 'a Previous link on page 2')
  check(await page.locator('.govuk-pagination__next a').count() === 0, 'no Next link on the last page')
  await audit('page-2')
  await page.click('.govuk-pagination__prev a')
  await page.waitForLoadState('load')
  check((await bodyText(page)).includes('Cases 1 to 50'), 'Previous goes back to page 1')

  // The CSV: every matching case (60), not the page on screen.
  const csv = await page.evaluate(async href => {
    const r = await fetch(href)
    return { status: r.status, type: r.headers.get('content-type'), body: await r.text() }
  }, csvHref)
  check(csv.status === 200 && csv.type.startsWith('text/csv'), 'CSV: 200 text/csv')
  const lines = csv.body.trim().split('\r\n')
  check(lines[0].startsWith('Reference,Received,Kind'), 'CSV: a header row')
  check(lines.length === 61, `CSV: all 60 matching cases (${lines.length - 1})`)
  check(lines[1].includes(',Enquiry,'), 'CSV: kinds in words')

  // A filter with nothing found, and an impossible date.
  await page.goto(base + '/staff/search?q=' + encodeURIComponent('okafor zebra'))
  check((await bodyText(page)).includes('0 cases for “okafor zebra”'), 'no match: "0 cases for …"')
  resp = await page.goto(base + '/staff/search?q=x&from-day=31&from-month=2&from-year=2025')
  check(resp.status() === 400, 'an impossible date: 400')
  check(await page.locator('.govuk-error-summary a[href="#from-day"]').count() === 1, 'the error summary links to the date')
  await audit('date-error')
} catch (e) {
  check(false, 'no exception: ' + e.message)
} finally {
  await cleanUp({ context, server, profile, work })
}
process.exit(summary())

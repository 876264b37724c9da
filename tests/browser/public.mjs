// The public side in real headless Chromium with axe-core at WCAG 2.2 AA, at desktop width,
// 320 px and 200% zoom (a 550 px CSS viewport, as a 1100 px window shows at 200%): the
// visitors' home page, making a complaint without an account (the errors, the confirmation,
// Back then Send again making no second case), Our promises (the last whole year and this year
// so far, labelled), You said, we did (each improvement once), and errors as pages (not found,
// a folder under /assets, the TSM return's conflict for a signed-in manager).
//
//   node tests/browser/public.mjs path/to/charter BUILD_DIR
//
// Prints "N passed, N failed" last; exits non-zero on any failure.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  audit as auditPage, bodyText as pageText, check, cleanUp, launchChromium, runCharter, signIn,
  startCharter, summary, testEnv
} from './harness.mjs'

const { charter, buildDir, artifacts, work, db } = testEnv('public')
const PASSWORD = 'a long browser test password'
const run = args => runCharter(charter, args)

run(['demo', '--db', db, '--scale', '0.1', '--no-serve'])
writeFileSync(join(work, 'pw'), PASSWORD + '\n')
run(['user', 'add', '--db', db, '--landlord', 'demo', '--username', 'mo', '--role',
  'complaints_admin', '--name', 'Mo Manager', '--password-file', join(work, 'pw')])
const token = run(['token', 'create', '--db', db, '--landlord', 'demo', '--role', 'complaints_admin']).trim()

const { server, base } = await startCharter(charter, ['--db', db, '--port', '0', '--assets', join(buildDir, 'assets'),
  '--landlord-name', 'Northside Homes', '--landlord-phone', '0161 496 0000',
  '--landlord-email', 'complaints@northside.example', '--landlord-address', '1 Canal Street, Manchester M1 1AA'])

const { profile, context, page } = await launchChromium()
const SIZES = [['desktop', 1100, 900], ['320', 320, 900], ['zoom200', 550, 450]]

async function bodyText () { return pageText(page) }
// The page at each size: a screenshot and axe each time, and no sideways scrolling.
async function auditSizes (name) {
  for (const [size, width, height] of SIZES) {
    await page.setViewportSize({ width, height })
    await auditPage(page, `${name} (${size})`, join(artifacts, `public-${name}-${size}.png`))
    check(await page.evaluate((w) => document.documentElement.scrollWidth <= w, width), `${name} (${size}): no sideways scrolling`)
  }
  await page.setViewportSize({ width: 1100, height: 900 })
}
// Every complaint, page by page (the demo's three years hold more than one page).
async function complaintCount () {
  let n = 0
  let cursor = null
  do {
    const more = cursor ? `&cursor=${cursor}` : ''
    const r = await fetch(`${base}/api/v1/cases?kind=complaint&limit=200${more}`, { headers: { Authorization: `Bearer ${token}` } }).then(r => r.json())
    n += r.cases.length
    cursor = r.next_cursor
  } while (cursor)
  return n
}

try {
  // The home page is for visitors.
  let resp = await page.goto(base + '/')
  check(resp.status() === 200 && page.url() === base + '/', 'home: 200, no redirect to sign-in')
  check((await page.locator('.govuk-header__service-name').innerText()) === 'Northside Homes', 'home: the header names the landlord')
  const home = await bodyText()
  for (const words of ['Make a complaint', 'Report a repair', 'Our promises', 'You said, we did', '0161 496 0000', 'complaints@northside.example', 'Sign in']) {
    check(home.includes(words), `home: shows "${words}"`)
  }
  check((await page.locator('a[href="/portal/new?kind=service_request"]').count()) === 1, 'home: Report a repair goes to the contact form for a repair')
  await auditSizes('home')

  // Making a complaint: errors first, with what was typed kept.
  await page.click('a:has-text("Make a complaint") >> nth=0')
  await page.waitForLoadState('load')
  check(page.url() === base + '/complain', 'complain: the form, no sign-in')
  await page.fill('#what_happened', 'The heating has not worked for two weeks.')
  await page.click('button:has-text("Send complaint")')
  await page.waitForLoadState('load')
  check((await page.locator('.govuk-error-summary').count()) === 1, 'complain: the error summary')
  check((await page.locator('.govuk-error-summary a[href="#name"]').count()) === 1, 'complain: the summary links to the name')
  check((await page.inputValue('#what_happened')) === 'The heating has not worked for two weeks.', 'complain: what was typed is kept')
  await auditSizes('complain-errors')

  const before = await complaintCount()
  await page.fill('#name', 'Grace Okafor')
  await page.fill('#email', 'grace@example.com')
  await page.fill('#what_you_want', 'Fix the boiler.')
  const sentToken = await page.inputValue('input[name="form_token"]')
  await page.click('button:has-text("Send complaint")')
  await page.waitForLoadState('load')
  const done = await bodyText()
  const ref = (await page.locator('.govuk-panel__body strong').innerText()).trim()
  check(done.includes('Complaint received') && ref.length > 0, `complain: confirmed with reference ${ref}`)
  check(/We will acknowledge your complaint by (Monday|Tuesday|Wednesday|Thursday|Friday) \d{1,2} [A-Z][a-z]+/.test(done), 'complain: says by when we will acknowledge it, as a weekday and date')
  check((await complaintCount()) === before + 1, 'complain: one complaint logged')
  await auditSizes('complain-done')

  // Back, then Send again: the same complaint, not a second one.
  await page.goBack()
  await page.waitForLoadState('load')
  const backToken = await page.inputValue('input[name="form_token"]')
  check(backToken === sentToken, 'back: the form as it was sent, with its one-time token')
  await page.click('button:has-text("Send complaint")')
  await page.waitForLoadState('load')
  check((await page.locator('.govuk-panel__body strong').innerText()).trim() === ref, 'back then send: shows the complaint already made')
  check((await complaintCount()) === before + 1, 'back then send: no second complaint')

  // Our promises: the last whole year and this year so far, labelled; no internal references.
  resp = await page.goto(base + '/promises')
  check(resp.status() === 200, 'promises: 200 without signing in')
  const years = await page.locator('h2.govuk-heading-l').allInnerTexts()
  check(years.length === 2 && years[0].includes('the last whole year') && years[1].includes('so far'), `promises: two years, labelled (${years.join(' | ')})`)
  const promises = await bodyText()
  check(!/\.md §|tsm\.md/.test(promises), 'promises: no internal references')
  await auditSizes('promises')

  // You said, we did: each improvement once.
  resp = await page.goto(base + '/you-said-we-did')
  const cards = await page.locator('.govuk-summary-card__content').allInnerTexts()
  check(resp.status() === 200 && cards.length > 0, `you said, we did: ${cards.length} improvements`)
  check(new Set(cards).size === cards.length, 'you said, we did: each improvement once')
  await auditSizes('you-said-we-did')

  // Errors are pages.
  resp = await page.goto(base + '/no-such-page')
  check(resp.status() === 404 && (await page.locator('h1').innerText()) === 'Page not found', 'not found: a 404 page')
  check((await bodyText()).includes('What you can do'), 'not found: says what to do next')
  await auditSizes('not-found')
  resp = await page.goto(base + '/assets/fonts')
  check(resp.status() === 404 && (await page.locator('h1').innerText()) === 'Page not found', 'a folder under /assets: a 404 page')

  await signIn(page, base, 'mo', PASSWORD)
  await page.goto(base + '/performance')
  await page.click('a:has-text("TSM figures for the annual return")')
  await page.waitForLoadState('load')
  const tsm = await bodyText()
  const isPage = (await page.locator('h1').count()) === 1
  check(isPage && !tsm.trim().startsWith('{'), 'TSM return link: a page, never raw JSON')
  if ((await page.locator('h1').innerText()).includes('not complete')) {
    check(tsm.includes('What you can do'), 'TSM return not complete: a 409 page saying what is missing and what to do')
    await auditSizes('tsm-conflict')
  }
} catch (e) {
  check(false, `unexpected error: ${e.stack || e}`)
} finally {
  await cleanUp({ context, server, profile, work })
}
process.exit(summary())

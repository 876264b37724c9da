// A Monday morning for each role (issue 12, done when), on the demo data (`charter demo --scale
// 0.1`) in real headless Chromium: each person signs in with their demo account and does what
// they do first, and the test reads what they see, not only the status codes:
//   - the public visitor: the home page naming the landlord, Our promises, a complaint made
//     without an account;
//   - the complaints team: My work with the triage queue, stage 2 requests and their own work
//     (real counts, not zero); triage and assign the demo resident's new complaint;
//   - the investigating manager: My work with their own overdue and due-today work; acknowledge
//     the complaint just assigned to them and send the acknowledgement letter;
//   - the reviewing manager: stage 2 requests awaiting a reviewer; take one on;
//   - the front line: My work; a complaint of theirs offers no Respond, Acknowledge or letters;
//     log a contact;
//   - the governance member: the annual report and the self-assessment; a case with no buttons;
//   - the system administrator: accounts, API tokens, landlord settings and the policy in use;
//   - the resident: their cases at /portal and /portal/cases, a case in plain words, and the
//     letter the investigator sent.
// Every page is checked for raw codes (and, for residents, "the resident"), and screenshotted
// with axe-core at WCAG 2.2 AA at desktop width, 320 px and 200% zoom (a 1280 px window at 200%
// lays out as 640 CSS px), with no sideways scrolling at the two narrow sizes. One demo, one
// server, one browser. Screenshots land in BUILD_DIR/artifacts/roles-*.png.
//
//   node tests/browser/roles.mjs path/to/charter BUILD_DIR
//
// Prints "N passed, N failed" last; exits non-zero on any failure.
import { join } from 'node:path'
import {
  audit, bodyText, check, cleanUp, launchChromium, rawCodes, readableText, runCharter, signIn,
  startCharter, summary, testEnv
} from './harness.mjs'

const { charter, buildDir, artifacts, work, db } = testEnv('roles')
const PASSWORD = 'charter demo only'
const SIZES = [['desktop', { width: 1100, height: 900 }], ['320', { width: 320, height: 800 }],
  ['zoom200', { width: 640, height: 450 }]]

runCharter(charter, ['demo', '--db', db, '--scale', '0.1', '--no-serve'])
const { server, base } = await startCharter(charter, ['--db', db, '--port', '0', '--assets', join(buildDir, 'assets')])
const { profile, context, page } = await launchChromium()

// Whether today is a weekday (the demo's "due today" work exists only on working days).
const weekday = ![0, 6].includes(new Date().getDay())

// The page as `role` sees it: its words (no raw codes; for a resident, no "the resident"), then
// a screenshot and axe at each of the three sizes, with no sideways scrolling when narrow.
async function see (role, name, { resident = false } = {}) {
  const text = await readableText(page)
  const codes = rawCodes(text)
  check(codes.length === 0, `${role}, ${name}: no raw codes` + (codes.length ? ` (${codes.slice(0, 6).join(', ')})` : ''))
  if (resident) {
    const third = text.match(/[^.\n]*\bthe resident\b[^.\n]*/i)
    check(!third, `${role}, ${name}: speaks to them as "you"` + (third ? ` ("${third[0].trim()}")` : ''))
  }
  for (const [label, size] of SIZES) {
    await page.setViewportSize(size)
    if (label !== 'desktop') {
      const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      check(over <= 0, `${role}, ${name} at ${label}: no sideways scrolling (${over} px over)`)
    }
    await audit(page, `${role}, ${name} at ${label}`, join(artifacts, `roles-${role}-${name}-${label}.png`))
  }
  await page.setViewportSize(SIZES[0][1])
  return text
}

async function open (path) {
  const r = await page.goto(base + path)
  return r ? r.status() : 0
}

async function as (username) {
  await context.clearCookies()
  await signIn(page, base, username, PASSWORD)
}

// The count in a My work section's heading ("Overdue (3)"), or -1 when the section is not shown.
async function queue (id) {
  const h = page.locator(`h2[id="${id}"]`)
  if (await h.count() === 0) return -1
  const m = (await h.innerText()).match(/\((\d+)\)\s*$/)
  return m ? Number(m[1]) : -1
}

// My work: each named section shown with a count above zero.
async function myWork (role, sections) {
  check(page.url().endsWith('/staff'), `${role}: signing in lands on My work (${page.url()})`)
  const text = await see(role, 'my-work')
  const own = text.match(/You have (\d+) open case/)
  check(own && Number(own[1]) > 0, `${role}: My work says they have open cases (${own ? own[0] : 'no count'})`)
  for (const id of sections) {
    const n = await queue(id)
    check(n > 0, `${role}: My work's "${id}" has work (${n})`)
  }
  return text
}

// The links to staff case pages in a My work section, in order.
async function casesIn (id) {
  return page.evaluate((id) => {
    const out = []
    for (let e = document.getElementById(id).nextElementSibling; e && e.tagName !== 'H2'; e = e.nextElementSibling) {
      e.querySelectorAll('a[href^="/staff/cases/"]').forEach(a => out.push(a.getAttribute('href')))
    }
    return out
  }, id)
}

// The action links and buttons a case page offers, by their words.
async function offers () {
  return page.$$eval('main a, main button', els => els.map(e => e.innerText.trim()).filter(Boolean))
}

let adaCase = ''

async function publicVisitor () {
  check(await open('/') === 200 && page.url() === base + '/', 'public: the home page, no sign-in')
  const name = (await page.locator('.govuk-header__service-name').innerText()).trim()
  check(name && name !== 'Charter', `public: the header names the landlord ("${name}")`)
  const home = await see('public', 'home', { resident: true })
  for (const words of ['Make a complaint', 'Report a repair', 'Our promises']) check(home.includes(words), `public: home offers "${words}"`)
  check(await open('/promises') === 200, 'public: Our promises, 200')
  const promises = await see('public', 'promises', { resident: true })
  check(promises.includes('the last whole year'), 'public: Our promises labels the last whole year')
  await page.goto(base + '/')
  await page.click('a:has-text("Make a complaint") >> nth=0')
  await page.waitForLoadState('load')
  check(page.url() === base + '/complain', 'public: Make a complaint needs no account')
  await page.fill('#name', 'Grace Okafor')
  await page.fill('#email', 'grace@example.com')
  await page.fill('#what_happened', 'The heating has not worked for two weeks.\n\nNobody came on Friday.')
  await page.fill('#what_you_want', 'Fix the boiler.')
  await see('public', 'complain', { resident: true })
  await page.click('button:has-text("Send complaint")')
  await page.waitForLoadState('load')
  const done = await see('public', 'complain-done', { resident: true })
  check(done.includes('Complaint received'), 'public: the complaint is confirmed')
  check(/We will acknowledge your complaint by [A-Z][a-z]+day \d{1,2} [A-Z][a-z]+/.test(done), 'public: told by when, as a weekday and date')
}

async function complaintsTeam () {
  await as('complaints')
  await myWork('complaints', ['new-unassigned', 'stage-2-waiting', 'assigned-to-you', 'overdue'].concat(weekday ? ['due-today'] : []))
  // Triage: the demo resident's new complaint, from the queue, to the investigator.
  const queued = await casesIn('new-unassigned')
  const row = page.locator('tr', { hasText: 'Ada Resident' }).first()
  const href = await row.locator('a[href^="/staff/cases/"]').getAttribute('href')
  check(queued.includes(href), 'complaints: the demo resident\'s complaint waits in the triage queue')
  await page.goto(base + href)
  adaCase = href
  check((await bodyText(page)).includes('Not yet assigned'), 'complaints: the case says it is not yet assigned')
  await page.selectOption('select#owner', 'investigator')
  await see('complaints', 'case-triage')
  await page.click('button:has-text("Assign")')
  await page.waitForLoadState('load')
  const after = await bodyText(page)
  check(after.includes('Assigned to Ivy Okonkwo, Complaints Investigator'), 'complaints: the timeline names whom it was assigned to')
  check(/by Cass Whitfield/.test(after), 'complaints: the timeline names who did it')
  await see('complaints', 'case-assigned')
}

async function investigator () {
  await as('investigator')
  const text = await myWork('investigator', ['assigned-to-you', 'overdue'].concat(weekday ? ['due-today'] : []))
  check(await queue('new-unassigned') === -1, 'investigator: no triage queue')
  check(text.includes('Ada Resident') || text.includes('Mould in the back bedroom'), 'investigator: the complaint just assigned is in My work')
  await open(adaCase)
  const can = await offers()
  check(can.includes('Acknowledge'), 'investigator: the case offers Acknowledge')
  await page.goto(base + adaCase + '/act/acknowledge')
  await page.fill('#definition', 'Mould in the back bedroom has come back after the repair. Wants it treated for good.')
  await page.fill('#responsibility', 'We are responsible for treating the mould and for the repair.')
  await page.fill('#handler', 'investigator')
  await see('investigator', 'acknowledge-form')
  await page.click('button:has-text("Save")')
  await page.waitForLoadState('load')
  check((await bodyText(page)).includes('Saved.'), 'investigator: the acknowledgement is recorded')
  const prompt = page.locator('.govuk-notification-banner form:has(input[name="letter"][value="acknowledgement"]) button')
  check(await prompt.count() === 1, 'investigator: the case prompts for the acknowledgement letter')
  await prompt.click()
  await page.waitForLoadState('load')
  check((await bodyText(page)).includes('Check the letter before you send it'), 'investigator: the letter is previewed first')
  await see('investigator', 'letter-preview')
  const portal = page.locator('input[name="channel"][value="portal"]')
  await (await portal.count() ? portal : page.locator('input[name="channel"][value="post"]')).check()
  await page.click('button:has-text("Send the letter")')
  await page.waitForLoadState('load')
  const letter = await bodyText(page)
  check(letter.includes('Acknowledgement of your complaint'), 'investigator: the letter is sent and shown')
  check(/Yours sincerely,?\s+Ivy Okonkwo/.test(letter), 'investigator: the letter is signed with their name')
  check(letter.includes('Ivy Okonkwo will look into your complaint'), 'investigator: the letter names who will look into it, by name')
  await see('investigator', 'letter')
}

async function reviewer () {
  await as('reviewer')
  await myWork('reviewer', ['stage-2-waiting', 'assigned-to-you', 'overdue'].concat(weekday ? ['due-today'] : []))
  const waiting = await queue('stage-2-waiting')
  const first = (await casesIn('stage-2-waiting'))[0]
  check(!!first, 'reviewer: a stage 2 request to take on')
  if (!first) return
  await open(first)
  const can = await offers()
  check(can.includes('Acknowledge the stage 2 request'), 'reviewer: the case offers to acknowledge the stage 2 request')
  await see('reviewer', 'stage-2-case')
  await page.goto(base + first + '/act/acknowledge')
  await page.fill('#definition', 'You are still unhappy that the damp in the hall was not dealt with.')
  await page.fill('#responsibility', 'We are responsible for the damp treatment and how we answered at stage 1.')
  await page.fill('#handler', 'reviewer')
  await page.click('button:has-text("Save")')
  await page.waitForLoadState('load')
  check((await bodyText(page)).includes('Saved.'), 'reviewer: the stage 2 request is taken on')
  await open('/staff')
  check(await queue('stage-2-waiting') === waiting - 1, `reviewer: one fewer stage 2 request waiting (${waiting} before)`)
}

async function frontLine () {
  await as('frontline')
  await myWork('frontline', ['new-unassigned', 'assigned-to-you', 'overdue'].concat(weekday ? ['due-today'] : []))
  const mine = (await casesIn('overdue'))[0]
  check(!!mine, 'frontline: an overdue case of their own')
  if (mine) {
    await open(mine)
    const can = await offers()
    for (const forbidden of ['Respond', 'Acknowledge', 'Close', 'Check and send the letter']) {
      check(!can.includes(forbidden), `frontline: no "${forbidden}" on a complaint`)
    }
    const text = await bodyText(page)
    check(/Acknowledge a stage 1 complaint, due [A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} \d{4}: overdue/.test(text) && !text.includes('Next: '),
      'frontline: what happens next says it is overdue, in words')
    await see('frontline', 'case')
  }
  check(await open('/staff/new') === 200, 'frontline: Log a contact, 200')
  await page.check('input[name="kind"][value="enquiry"]')
  await page.fill('#summary', 'Asked when the estate inspection is')
  await page.fill('#person-name', 'Joan Okafor')
  await see('frontline', 'log-contact')
  await page.click('button:has-text("Log it")')
  await page.waitForLoadState('load')
  check(/\/staff\/cases\/\d+/.test(page.url()), `frontline: the contact is logged (${page.url()})`)
  check((await bodyText(page)).includes('Asked when the estate inspection is'), 'frontline: the new case shows what was logged')
  await see('frontline', 'contact-logged')
}

async function governance (lastYear) {
  await as('governance')
  check(await open(`/reports/annual?period=${lastYear}`) === 200, 'governance: the annual report, 200')
  const annual = await see('governance', 'annual-report')
  check(annual.includes('Ombudsman') && /\d+(\.\d+)?%/.test(annual), 'governance: the annual report has figures and the Ombudsman')
  check(await open(`/reports/self-assessment?period=${lastYear}`) === 200, 'governance: the self-assessment, 200')
  const sa = await see('governance', 'self-assessment')
  check(/Code|provision/i.test(sa), 'governance: the self-assessment against the Code')
  await open(adaCase)
  const can = await offers()
  for (const forbidden of ['Respond', 'Close', 'Add a note', 'Acknowledge', 'Check and send the letter']) {
    check(!can.includes(forbidden), `governance: no "${forbidden}" on a case`)
  }
  check(await page.locator('h2', { hasText: /^Actions$/ }).count() === 0, 'governance: no empty Actions heading')
  await see('governance', 'case')
}

async function sysadmin () {
  await as('sysadmin')
  check(page.url().endsWith('/staff/admin'), `sysadmin: signing in lands on Administration (${page.url()})`)
  await see('sysadmin', 'admin')
  for (const [path, name, words] of [['/staff/admin/accounts', 'accounts', 'Ivy Okonkwo'],
    ['/staff/admin/tokens', 'tokens', 'token'], ['/staff/admin/landlord', 'landlord', 'Landlord'],
    ['/staff/admin/policy', 'policy', 'policy']]) {
    check(await open(path) === 200, `sysadmin: ${name}, 200`)
    const text = await see('sysadmin', name)
    check(text.toLowerCase().includes(words.toLowerCase()), `sysadmin: ${name} shows "${words}"`)
  }
}

async function resident () {
  await as('resident')
  check(page.url().endsWith('/portal'), `resident: signing in lands on their cases (${page.url()})`)
  const home = await see('resident', 'portal', { resident: true })
  check(home.includes('Mould in the back bedroom'), 'resident: their complaint is listed')
  check(await open('/portal/cases') === 200, 'resident: /portal/cases, 200')
  check((await bodyText(page)).includes('Mould in the back bedroom'), 'resident: /portal/cases lists their cases')
  await see('resident', 'portal-cases', { resident: true })
  const id = adaCase.split('/').pop()
  check(await open(`/portal/cases/${id}`) === 200, 'resident: their case, 200')
  const text = await see('resident', 'case', { resident: true })
  check(/We will (reply|respond|send)[^.]* by [A-Z][a-z]+day \d{1,2} [A-Z][a-z]+/.test(text), 'resident: told by when we will reply, in words')
  const letter = page.locator('a:has-text("Acknowledgement of your complaint")').first()
  check(await letter.count() === 1, 'resident: the acknowledgement letter is listed')
  if (await letter.count()) {
    await letter.click()
    await page.waitForLoadState('load')
    check((await bodyText(page)).includes('Ivy Okonkwo'), 'resident: the letter, signed by the investigator')
    await see('resident', 'letter', { resident: true })
  }
}

try {
  const now = new Date()
  const start = now.getMonth() >= 3 ? now.getFullYear() - 1 : now.getFullYear() - 2
  const lastYear = `${start}-${String((start + 1) % 100).padStart(2, '0')}`
  for (const [who, walk] of [['public', publicVisitor], ['complaints', complaintsTeam], ['investigator', investigator],
    ['reviewer', reviewer], ['frontline', frontLine], ['governance', () => governance(lastYear)],
    ['sysadmin', sysadmin], ['resident', resident]]) {
    const t0 = Date.now()
    try {
      await walk()
    } catch (e) {
      check(false, `${who}: the journey ran to the end: ${e.stack || e}`)
    }
    console.log(`# ${who}: ${((Date.now() - t0) / 1000).toFixed(1)} s`)
  }
} finally {
  await cleanUp({ context, server, profile, work })
}
process.exit(summary())

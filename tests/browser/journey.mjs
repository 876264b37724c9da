// End-to-end in real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core):
// a resident complains in the portal; staff acknowledge, extend and respond, sending each
// letter; the resident escalates; a different manager acknowledges and sends the final
// response; the resident reads the final letter. axe-core (WCAG 2.2 AA) on every page and every
// error state; a screenshot of each page in BUILD/artifacts/. The resident reads the stage 1
// letter and asks for stage 2 by keyboard alone (Tab and Enter), and makes a complaint by
// keyboard alone at the end.
//
//   node tests/browser/journey.mjs path/to/charter BUILD_DIR
//
// Prints "N passed, N failed" last; exits non-zero on any failure.
import { readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  audit as auditPage, bodyText, check, cleanUp, launchChromium, runCharter, signIn as signInAs,
  signedIn, startCharter, summary, testEnv
} from './harness.mjs'

const { charter, buildDir, artifacts, work, db } = testEnv('browser')
// Only this run's numbered screenshots (numbers shift when pages are added).
for (const f of readdirSync(artifacts)) if (/^(\d\d-.*|failure)\.png$/.test(f)) rmSync(join(artifacts, f))
const PASSWORD = 'a long browser-test passphrase'

// ---- the server -------------------------------------------------------------------------------
const run = args => runCharter(charter, args)
function addUser (username, role, name, person) {
  const pw = join(work, 'pw')
  writeFileSync(pw, PASSWORD + '\n')
  const args = ['user', 'add', '--db', db, '--landlord', 'demo', '--username', username, '--role', role,
    '--name', name, '--password-file', pw]
  if (person) args.push('--person', person)
  run(args)
}

try { run(['landlord', 'add', '--db', db, '--slug', 'demo', '--name', 'Northside Homes']) } catch (e) { /* may exist */ }
addUser('ada@example.org', 'resident', 'Ada Resident', 'P-0001')
addUser('ivy', 'investigating_manager', 'Ivy Investigating', '')
addUser('ravi', 'reviewing_manager', 'Ravi Reviewing', '')

const { server, base } = await startCharter(charter, ['--db', db, '--port', '0', '--landlord', 'demo',
  '--landlord-name', 'Northside Homes', '--assets', join(buildDir, 'assets')])

// ---- the browser ------------------------------------------------------------------------------
const { profile, context, page } = await launchChromium()
const cspErrors = []
page.on('console', m => { if (m.type() === 'error' && /Content.Security.Policy/i.test(m.text())) cspErrors.push(m.text()) })
page.on('pageerror', e => cspErrors.push(String(e)))

let shot = 0
async function audit (name) {
  shot++
  await auditPage(page, name, join(artifacts, `${String(shot).padStart(2, '0')}-${name}.png`))
}
async function expectText (text, what) {
  check((await bodyText(page)).includes(text), what || `page shows "${text}"`)
}
async function signIn (username) { await signInAs(page, base, username, PASSWORD) }
async function signOut () {
  await page.click('button:has-text("Sign out")')
  await page.waitForLoadState('load')
}
// Sends the letter the last action called for, from the prompt on the case page after it.
async function sendLetter (kind, label) {
  const prompt = page.locator(`.govuk-notification-banner form:has(input[name="letter"][value="${kind}"]) button`)
  check(await prompt.count() === 1, `after the action the case page prompts for the ${kind} letter`)
  check(await page.locator(`#letters-owed input[value="${kind}"]`).count() === 1, `the case lists the ${kind} letter as not yet sent`)
  await audit(`staff-case-owes-${kind}`)
  await prompt.click()
  await page.waitForLoadState('load')
  // Check and send: the letter first, nothing recorded until Send the letter.
  await expectText('Check the letter before you send it', `the ${kind} letter is shown before it is sent`)
  await page.fill('#personal_message', 'I am sorry this has taken so long to put right.')
  await page.click('button:has-text("Update the preview")')
  await page.waitForLoadState('load')
  check(await page.locator('[data-personal-message]').count() === 1, `the personal message is previewed in the ${kind} letter`)
  await page.click('button:has-text("Send the letter")')
  await page.waitForLoadState('load')
  check(await page.locator('.govuk-error-summary a[href="#channel"]').count() === 1, 'how it is sent must be chosen')
  await audit(`letter-preview-${kind}`)
  if (kind === 'acknowledgement') {
    // The preview (the letter and the form in error) at 320 px and at 200% zoom.
    for (const [label, size] of [['320', { width: 320, height: 800 }], ['zoom200', { width: 640, height: 450 }]]) {
      await page.setViewportSize(size)
      const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      check(over <= 0, `letter preview at ${label}: no sideways scrolling (${over} px over)`)
      await audit(`letter-preview-${kind}-${label}`)
    }
    await page.setViewportSize({ width: 1100, height: 900 })
  }
  await page.check('input[name="channel"][value="post"]')
  await page.click('button:has-text("Send the letter")')
  await page.waitForLoadState('load')
  await expectText(label, `the ${kind} letter is sent and shown`)
  await audit(`letter-${kind}`)
  const pdf = await page.request.get(page.url() + '/pdf')
  const bytes = await pdf.body()
  check(pdf.status() === 200 && bytes.subarray(0, 5).toString() === '%PDF-', `the ${kind} letter downloads as a PDF`)
  await page.click('a:has-text("Back to the case")')
  await page.waitForLoadState('load')
  check(await page.locator(`#letters-owed input[value="${kind}"]`).count() === 0, `once sent, the ${kind} letter is no longer owed`)
}
async function fillDate (id, iso) {
  const [y, m, d] = iso.split('-')
  await page.fill(`#${id}-day`, String(Number(d)))
  await page.fill(`#${id}-month`, String(Number(m)))
  await page.fill(`#${id}-year`, y)
}
// Presses Tab until the focused element matches the CSS selector (and contains `text`, if given).
async function tabTo (selector, limit = 40, text = '') {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab')
    const hit = await page.evaluate(([s, t]) => {
      const a = document.activeElement
      return !!a && a.matches(s) && (!t || a.textContent.includes(t))
    }, [selector, text])
    if (hit) return true
  }
  return false
}
function addWeekdays (iso, n) {
  const d = new Date(iso + 'T12:00:00Z')
  while (n > 0) { d.setUTCDate(d.getUTCDate() + 1); const w = d.getUTCDay(); if (w !== 0 && w !== 6) n-- }
  return d.toISOString().slice(0, 10)
}

// Signs in and out with Tab, typing and Enter only.
async function keyboardSignIn (username) {
  await page.goto(base + '/sign-in')
  check(await tabTo('#username'), 'keyboard: the username field is reachable with Tab')
  await page.keyboard.type(username)
  await page.keyboard.press('Tab')
  await page.keyboard.type(PASSWORD)
  await page.keyboard.press('Enter')
  await page.waitForURL(/\/portal$/)
}
async function keyboardSignOut () {
  check(await tabTo('form[action="/sign-out"] button', 80), 'keyboard: "Sign out" is reachable')
  await page.keyboard.press('Enter')
  await page.waitForURL(/\/sign-in/)
}

const started = Date.now()
let caseUrl = ''
try {
  // 1. Sign-in: a wrong password is an error state.
  await page.goto(base + '/portal')
  check(page.url().includes('/sign-in'), 'a page needing sign-in sends you to sign in')
  await audit('sign-in')
  await page.fill('#username', 'ada@example.org')
  await page.fill('#password', 'not the password')
  await page.click('button:has-text("Sign in")')
  await expectText('There is a problem', 'a wrong password shows the error summary')
  await audit('sign-in-error')
  const cookies = await context.cookies()
  check(cookies.every(c => c.name !== 'charter_session'), 'no session after a failed sign-in')
  const loginCsrf = cookies.find(c => c.name === 'charter_signin')
  check(loginCsrf && loginCsrf.httpOnly && loginCsrf.sameSite === 'Strict', 'the sign-in form has its own HttpOnly SameSite=Strict CSRF cookie')
  const forged = await page.request.post(base + '/sign-in', {
    form: { username: 'ada@example.org', password: PASSWORD },
    headers: { cookie: '' }
  })
  check(forged.status() === 403 && (await forged.text()).includes('The sign-in form had expired'), 'a sign-in POST without the form\'s token gets a clear 403 page')
  // The same in the browser: a form whose token does not match the cookie.
  await page.fill('#password', PASSWORD)
  await page.evaluate(() => { document.querySelector('input[name="signin_token"]').value = 'forged' })
  await page.click('button:has-text("Sign in")')
  await expectText('The sign-in form had expired', 'a sign-in form with a forged token is refused with a clear message')
  check((await context.cookies()).every(c => c.name !== 'charter_session'), 'no session from a forged sign-in form')
  await audit('sign-in-expired')

  // 2. The resident complains in the portal.
  await signIn('ada@example.org')
  check(page.url().endsWith('/portal'), 'the resident lands on their cases')
  const session = (await context.cookies()).find(c => c.name === 'charter_session')
  check(session && session.httpOnly && session.sameSite === 'Lax', 'the session cookie is HttpOnly and SameSite=Lax')
  await audit('portal-home')
  await page.click('a:has-text("Contact us")')
  await audit('portal-contact')
  await page.click('button:has-text("Send")')
  await expectText('Choose what you would like to do', 'an empty form names each missing answer')
  await audit('portal-contact-errors')
  await page.check('input[name="kind"][value="complaint"]')
  await page.fill('#summary', 'The boiler has been broken for three weeks and two repair visits were missed. I want it fixed and compensation.')
  await page.click('button:has-text("Send")')
  await page.waitForLoadState('load')
  await expectText('Your reference is CH-', 'the resident gets a reference')
  caseUrl = page.url().split('?')[0]
  const caseId = caseUrl.split('/').pop()
  await expectText('We will write to confirm we have your complaint, and tell you what happens next, by', 'the resident sees what happens next, in their words')
  await audit('portal-case-new')
  const ref = (await page.locator('.govuk-caption-l').innerText()).trim()
  await signOut()

  // 3. Staff: find the case, acknowledge, extend, respond, with a letter each time.
  await signIn('ivy')
  check(page.url().endsWith('/staff'), 'staff land on My work')
  await audit('staff-my-work-empty')
  await page.goto(base + '/staff/search')
  await page.fill('#q', ref)
  await page.click('button:has-text("Search")')
  await audit('staff-search')
  await page.click(`a:has-text("${ref}")`)
  const staffCase = base + '/staff/cases/' + caseId
  check(page.url().startsWith(staffCase), 'search finds the case by reference')
  await expectText('Reasonable adjustments', 'the case page shows the resident panel')
  await audit('staff-case')
  // A letter that cannot be sent yet: the missing items are named.
  await page.selectOption('#letter', 'stage1_response')
  await page.click('button:has-text("Check and send the letter")')
  await expectText('cannot be sent', 'a letter missing what the Code requires is refused')
  await expectText('the decision on the complaint', 'the refusal names the missing items')
  await audit('staff-letter-refused')

  await page.goto(staffCase + '/act/acknowledge')
  await page.fill('#handler', '')
  await page.click('button:has-text("Save")')
  await expectText('There is a problem', 'acknowledging without a definition is refused')
  check(await page.locator('#definition-error').count() === 1, 'the error is shown next to the definition')
  await audit('staff-acknowledge-errors')
  await page.fill('#definition', 'Boiler broken for three weeks, two missed visits. Wants it repaired and compensation.')
  await page.fill('#responsibility', 'We are responsible for the boiler repair and the missed appointments.')
  await page.fill('#handler', 'ivy')
  await page.click('button:has-text("Save")')
  await expectText('Saved.', 'the acknowledgement is recorded')
  await sendLetter('acknowledgement', 'Acknowledgement of your complaint')

  const due = await page.locator('#clock-stage1-respond + dl time').first().getAttribute('datetime')
  check(/^\d{4}-\d{2}-\d{2}$/.test(due || ''), 'the response clock shows its due date')
  await page.goto(staffCase + '/act/extend')
  await page.click('button:has-text("Save")')
  await audit('staff-extend-errors')
  await page.fill('#new_due-day', '31')
  await page.fill('#new_due-month', '2')
  await page.fill('#new_due-year', '2026')
  await page.click('button:has-text("Save")')
  await expectText('The new response date must be a real date', 'a date that does not exist is named next to the field')
  check(await page.locator('#new_due-day.govuk-input--error').count() === 1 &&
        await page.locator('#new_due-year.govuk-input--error').count() === 0, 'only the wrong part of the date is highlighted')
  await audit('staff-extend-bad-date')
  let extended = false
  for (let n = 3; n < 9 && !extended; n++) {
    await fillDate('new_due', addWeekdays(due, n))
    await page.fill('#reason', 'We are waiting for the heating contractor\'s report on the boiler.')
    await page.click('button:has-text("Save")')
    extended = (await bodyText(page)).includes('Saved.')
  }
  check(extended, 'the extension is recorded')
  await sendLetter('extension', 'We need more time to respond')

  await page.goto(staffCase + '/act/respond')
  // Enter in a text box saves (issue 12 item 7: it used to add another part).
  await page.fill('#elements-0-summary', 'Boiler')
  await page.press('#elements-0-summary', 'Enter')
  await page.waitForLoadState('load')
  check(await page.locator('#elements-1-summary').count() === 0, 'Enter in a text box saves rather than adding a part')
  await expectText('There is a problem', 'Enter in a text box saves: the missing decision is reported')
  await audit('staff-respond-errors')
  await page.check('input[name="decision"][value="upheld"]')
  await page.fill('#elements-0-summary', 'Boiler repair and missed visits')
  await page.selectOption('#elements-0-finding', 'upheld')
  await page.fill('#elements-0-reasons', 'Two appointments were missed without notice and the repair took too long.')
  await page.selectOption('#remedies-0-type', 'financial')
  await page.fill('#remedies-0-description', 'Compensation for the time without heating')
  await page.fill('#remedies-0-amount', '£1,150.50')  // as people type money (issue 12 item 7)
  check(await page.locator('#elements-1-summary').count() === 0, 'the response form starts with one part')
  await page.click('button:has-text("Add another part of the complaint")')
  await page.waitForLoadState('load')
  check(await page.inputValue('#elements-0-summary') === 'Boiler repair and missed visits', 'adding a part keeps what was typed')
  await page.fill('#elements-1-summary', 'Communication')
  await page.selectOption('#elements-1-finding', 'partly_upheld')
  await page.fill('#elements-1-reasons', 'We did not call back when we said we would.')
  await page.click('button:has-text("Add another outstanding action")')
  await page.waitForLoadState('load')
  check(await page.inputValue('#elements-1-summary') === 'Communication', 'adding an action keeps the new part')
  await page.fill('#outstanding_actions-0-description', 'Replace the boiler')
  await page.fill('#outstanding_actions-1-description', 'Service the radiators')
  await page.fill('#outstanding_actions-1-due-day', '40')
  await page.fill('#outstanding_actions-1-due-month', '1')
  await page.fill('#outstanding_actions-1-due-year', '2030')
  await page.click('button:has-text("Save")')
  await expectText('The due date of action 2 must be a real date', 'a bad due date is named next to the action')
  await audit('staff-respond-bad-due-date')
  await fillDate('outstanding_actions-0-due', addWeekdays(due, 20))
  await page.fill('#outstanding_actions-0-owner', 'Repairs team')
  await fillDate('outstanding_actions-1-due', addWeekdays(due, 25))
  await page.click('button:has-text("Save")')
  await expectText('The owner of action 2 is required', 'the app\'s error names the field in words')
  await audit('staff-respond-missing-owner')
  await page.fill('#outstanding_actions-1-owner', 'Heating contractor')
  await page.click('button:has-text("Save")')
  await expectText('Saved.', 'the stage 1 response is recorded')
  await sendLetter('stage1_response', 'Our stage 1 response')
  // What the response promised is followed through (Code 6.6, 7.3).
  await page.goto(staffCase + '/act/complete_outstanding_action')
  await page.click('button:has-text("Save")')
  await audit('staff-complete-action-errors')
  await page.check('input[name="number"][value="1"]')
  await page.fill('#evidence', 'Boiler replaced; gas safety certificate GS-1182')
  await page.click('button:has-text("Save")')
  await expectText('Saved.', 'an outstanding action is completed')
  await expectText('Outstanding action 1 completed', 'the timeline shows the completion')
  await expectText('Promised in the response', 'the case page lists what the response promised')
  await signOut()

  // 3b. Staff log a phone call for a resident by address and find it by the address.
  await signIn('ivy')
  await page.goto(base + '/staff/new')
  await page.check('input[name="kind"][value="service_request"]')
  await page.selectOption('#channel', 'representative')
  await page.fill('#received_at-day', '30')
  await page.fill('#received_at-month', '2')
  await page.fill('#received_at-year', '2026')
  await page.fill('#summary', 'Her son called: the kitchen extractor fan is broken.')
  await page.fill('#person-name', 'Grace Tenant')
  await page.fill('#person-address', '7 Larkspur Close, Leeds LS6 2AB')
  await page.fill('#person-representative', 'Tom Tenant (son)')
  await page.click('button:has-text("Log it")')
  await expectText('The date it was received must be a real date', 'log a contact: a bad received date is named')
  await audit('staff-log-contact-bad-date')
  await page.fill('#received_at-day', '', { force: true })
  await page.fill('#received_at-month', '')
  await page.fill('#received_at-year', '')
  await page.click('button:has-text("Log it")')
  await page.waitForLoadState('load')
  await expectText('Saved.', 'log a contact: the contact is logged')
  await page.goto(base + '/staff/search?q=' + encodeURIComponent('larkspur close'))
  await expectText('1 case for', 'search finds the case by the resident\'s address')
  await audit('staff-search-address')
  await signOut()

  // 4. Keyboard only (Tab and Enter): the resident signs in, reads the stage 1 letter and asks
  // for stage 2 with one button, giving no reason.
  await keyboardSignIn('ada@example.org')
  check(await tabTo(`a[href="/portal/cases/${caseId}"]`), 'keyboard: the case is reachable from the list')
  await page.keyboard.press('Enter')
  await page.waitForURL(new RegExp(`/portal/cases/${caseId}$`))
  await audit('portal-case-responded')
  await expectText('What we promised to do', 'the resident sees what was promised')
  await expectText('Replace the boiler. Done on', 'and when each promise was kept')
  check(await tabTo('a[href*="/letters/"]', 60, 'Our stage 1 response'), 'keyboard: the stage 1 letter is reachable')
  await page.keyboard.press('Enter')
  await page.waitForURL(/\/letters\/\d+$/)
  await expectText('Two appointments were missed', 'keyboard: the resident reads the stage 1 letter')
  check(await tabTo('a', 60, 'Back to the case'), 'keyboard: back to the case')
  await page.keyboard.press('Enter')
  await page.waitForURL(new RegExp(`/portal/cases/${caseId}$`))
  check(await tabTo('form[action$="/escalate"] button', 60), 'keyboard: "Ask for a stage 2 review" is reachable')
  await page.keyboard.press('Enter')
  await page.waitForURL(/done=escalated/)
  await expectText('You have asked for a stage 2 review', 'keyboard: the resident escalates with one button and no reason')
  await audit('portal-case-escalated')
  await keyboardSignOut()

  // 5. A different manager reviews: the stage 1 handler is refused (Code 6.13).
  await signIn('ravi')
  await page.goto(staffCase + '/act/acknowledge')
  await page.fill('#definition', 'The resident is not satisfied with the compensation offered at stage 1.')
  await page.fill('#responsibility', 'We are responsible for all of it.')
  await page.fill('#handler', 'ivy')
  await page.click('button:has-text("Save")')
  check(await page.locator('#handler-error').count() === 1, 'stage 2 by the stage 1 handler is refused next to the handler field')
  await audit('staff-stage2-same-handler-error')
  await page.fill('#handler', 'ravi')
  await page.click('button:has-text("Save")')
  await expectText('Saved.', 'the stage 2 acknowledgement is recorded')
  await sendLetter('stage2_acknowledgement', 'Acknowledgement of your request for a stage 2 review')
  await page.goto(staffCase + '/act/respond')
  await page.check('input[name="decision"][value="partly_upheld"]')
  await page.fill('#elements-0-summary', 'Compensation')
  await page.selectOption('#elements-0-finding', 'overturned')
  await page.fill('#elements-0-reasons', 'The amount did not reflect three weeks without heating.')
  await page.selectOption('#remedies-0-type', 'financial')
  await page.fill('#remedies-0-description', 'Further compensation')
  await page.fill('#remedies-0-amount', '250')
  await page.click('button:has-text("Save")')
  await expectText('Saved.', 'the final response is recorded')
  await sendLetter('stage2_response', 'Our final (stage 2) response')
  await page.goto(base + '/staff')
  await audit('staff-my-work')
  await signOut()

  // 6. The resident reads the final letter.
  await signIn('ada@example.org')
  await page.goto(base + '/portal/cases/' + caseId)
  await expectText('Closed after stage 2', 'the resident sees the case closed after stage 2')
  await audit('portal-case-closed')
  await page.click('a:has-text("Our final (stage 2) response")')
  await expectText('Housing Ombudsman', 'the final letter tells the resident how to go to the Ombudsman')
  await expectText('£250.00', 'the final letter shows the remedy')
  await audit('portal-final-letter')
  const pdf = await page.request.get(page.url() + '/pdf')
  check(pdf.status() === 200 && (await pdf.body()).subarray(0, 5).toString() === '%PDF-', 'the resident can download the final letter as a PDF')
  await signOut()

  // 7. Keyboard only: the resident signs in, complains, and reads the case.
  await keyboardSignIn('ada@example.org')
  check(await signedIn(context) && (await bodyText(page)).includes(ref), 'keyboard: signed in with Enter, on the list of cases')
  check(await tabTo('a[href="/portal/new"].govuk-button'), 'keyboard: "Contact us" is reachable')
  await page.keyboard.press('Enter')
  await page.waitForURL(/\/portal\/new/)
  check(await tabTo('input[name="kind"]'), 'keyboard: the choices are reachable')
  await page.keyboard.press('Space')
  const chosen = await page.evaluate(() => document.querySelector('input[name="kind"]:checked')?.value)
  check(chosen === 'complaint', 'keyboard: Space chooses "Make a complaint"')
  check(await tabTo('#summary'), 'keyboard: the text box is reachable')
  await page.keyboard.type('The communal door has not closed properly for a month.')
  check(await tabTo('form[action="/portal/new"] button[type="submit"]'), 'keyboard: "Send" is reachable')
  await page.keyboard.press('Enter')
  await page.waitForURL(/\/portal\/cases\/\d+/)
  await expectText('Your reference is CH-', 'keyboard: the complaint is made')
  // The first Tab on the new page lands on a control that shows it has the focus.
  await page.keyboard.press('Tab')
  const focusVisible = await page.evaluate(() => {
    const a = document.activeElement
    if (!a || a === document.body) return false
    const s = getComputedStyle(a)
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 &&
      s.outlineColor !== 'rgba(0, 0, 0, 0)'
    return outline || s.boxShadow !== 'none'
  })
  check(focusVisible, 'keyboard: Tab reaches a control with a visible focus indicator')
  check(await tabTo('a[href="/portal"]'), 'keyboard: back to the list of cases')
  await page.keyboard.press('Enter')
  await page.waitForURL(/\/portal$/)
  check(await tabTo(`a[href="/portal/cases/${caseId}"]`), 'keyboard: the first case is reachable')
  await page.keyboard.press('Enter')
  await page.waitForURL(new RegExp(`/portal/cases/${caseId}`))
  check(await tabTo('a[href*="/letters/"]'), 'keyboard: the letters are reachable')
  await page.keyboard.press('Enter')
  await page.waitForURL(/\/letters\//)
  await expectText('Northside Homes', 'keyboard: the letter opens')
  await keyboardSignOut()
  check(!(await signedIn(context)), 'keyboard: signed out, the session cookie is gone')

  check(cspErrors.length === 0, 'no script errors or CSP violations' + (cspErrors.length ? ': ' + cspErrors.slice(0, 3).join(' | ') : ''))
} catch (e) {
  check(false, 'journey: ' + (e && e.stack ? e.stack.split('\n').slice(0, 3).join(' ') : String(e)))
  try { await page.screenshot({ path: join(artifacts, 'failure.png'), fullPage: true }) } catch (_) {}
} finally {
  await cleanUp({ context, server, profile, work })
}
console.log(`journey took ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${artifacts}`)
process.exit(summary())

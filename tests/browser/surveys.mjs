// Satisfaction surveys after a service in real headless Chromium with axe-core at WCAG 2.2 AA,
// at 1100 px and 320 px (policies/example-003.toml): a resident's repair is completed, their
// case page in the portal says "Tell us how we did", the survey's page (GOV.UK radios) takes a
// "Very dissatisfied" answer and offers the choice to complain, which starts a complaint linked
// to the repair; the survey's link also works signed out. Then the Performance page shows the
// satisfaction measures with figures from the demo's year of answers.
//
//   node tests/browser/surveys.mjs path/to/charter BUILD_DIR
//
// Prints "N passed, N failed" last; exits non-zero on any failure.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  audit as auditPage, bodyText, check, cleanUp, launchChromium, root, runCharter, signIn,
  startCharter, summary, testEnv
} from './harness.mjs'

const { charter, buildDir, artifacts, work, db } = testEnv('surveys')
const PASSWORD = 'a long browser test password'
const POLICY = join(root, 'policies', 'example-003.toml')
const run = args => runCharter(charter, args)

run(['demo', '--db', db, '--scale', '0.1', '--no-serve', '--policy', POLICY])
writeFileSync(join(work, 'pw'), PASSWORD + '\n')
run(['user', 'add', '--db', db, '--landlord', 'demo', '--username', 'rosa', '--role', 'resident',
  '--name', 'Rosa Tenant', '--person', 'P-ROSA', '--password-file', join(work, 'pw')])
run(['user', 'add', '--db', db, '--landlord', 'demo', '--username', 'max', '--role',
  'complaints_admin', '--name', 'Max Admin', '--password-file', join(work, 'pw')])
const token = run(['token', 'create', '--db', db, '--landlord', 'demo', '--role', 'complaints_admin']).trim()

const { server, base } = await startCharter(charter, ['--db', db, '--port', '0', '--policy', POLICY,
  '--assets', join(buildDir, 'assets')])
const { profile, context, page } = await launchChromium()
const api = (path, init = {}) => fetch(base + '/api/v1' + path, {
  ...init,
  headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...(init.headers || {}) }
})

async function audit (name) {
  await auditPage(page, name, join(artifacts, `surveys-${name}.png`))
  await page.setViewportSize({ width: 320, height: 800 })
  check(await page.evaluate(() => document.documentElement.scrollWidth <= 320),
    `${name} at 320 px: no horizontal scrolling`)
  await auditPage(page, `${name} at 320 px`, join(artifacts, `surveys-${name}-320.png`))
  await page.setViewportSize({ width: 1100, height: 900 })
}

// Codes and machine dates a reader should never see.
function plain (name, text) {
  const raw = ['very_dissatisfied', 'satisfaction_percent', 'complaint_handling', 'repair.completed',
    'service_request', 'undefined'].filter(code => text.includes(code))
  check(raw.length === 0, `${name}: no raw codes (${raw.join(', ')})`)
  const iso = text.match(/\b\d{4}-\d{2}-\d{2}(T[\d:]+)?\b/g) || []
  check(iso.length === 0, `${name}: no ISO dates (${iso.slice(0, 3).join(', ')})`)
}

try {
  // A repair for Rosa, completed.
  let r = await api('/cases', {
    method: 'POST',
    body: JSON.stringify({
      kind: 'service_request', category: 'urgent', channel: 'phone', summary: 'Kitchen tap leaking',
      received_at: new Date(Date.now() - 3 * 86400000).toISOString().replace(/\.\d+Z$/, 'Z'),
      person: { name: 'Rosa Tenant', account: 'P-ROSA' }
    })
  })
  check(r.status === 201, 'api: the repair is recorded')
  const repair = await r.json()
  const completed = new Date(Date.now() - 86400000).toISOString().replace(/\.\d+Z$/, 'Z')
  r = await api(`/cases/${repair.id}/actions`, {
    method: 'POST', body: JSON.stringify({ action: 'complete_repair', at: completed, completed_at: completed })
  })
  check(r.status === 200, 'api: the repair is completed')

  // The portal case page offers the survey.
  await signIn(page, base, 'rosa', PASSWORD)
  let resp = await page.goto(`${base}/portal/cases/${repair.id}`)
  check(resp.status() === 200, 'portal case: 200')
  let text = await bodyText(page)
  check(text.includes('Tell us how we did'), 'portal case: "Tell us how we did"')
  plain('portal case', text)
  await audit('portal-case')
  await page.click('a:has-text("Tell us what you thought of the repair we completed")')
  await page.waitForLoadState('load')
  const surveyUrl = page.url()
  check(/\/survey\/\d+\.[A-Za-z0-9_-]+$/.test(surveyUrl), 'survey: its own link')
  text = await bodyText(page)
  check(text.includes('How satisfied are you with the service you received?'), 'survey: the question')
  for (const label of ['Very satisfied', 'Satisfied', 'Neither satisfied nor dissatisfied',
    'Dissatisfied', 'Very dissatisfied']) check(text.includes(label), `survey: "${label}"`)
  plain('survey', text)
  await audit('survey')

  // Sent without an answer: the error next to the question.
  await page.click('button:has-text("Send")')
  await page.waitForLoadState('load')
  text = await bodyText(page)
  check(text.includes('There is a problem') && text.includes('Choose how satisfied you are'),
    'survey: no answer chosen, the error summary and message')
  await audit('survey-error')

  await page.check('input[value="very_dissatisfied"]')
  await page.fill('#comment', 'The plumber came twice and it still drips.')
  await page.click('button:has-text("Send")')
  await page.waitForLoadState('load')
  text = await bodyText(page)
  check(text.includes('Thank you for telling us'), 'answered: thanks')
  check(text.includes('You said: Very dissatisfied'), 'answered: the answer in words')
  check(text.includes('Make a complaint'), 'answered: dissatisfied, the choice to complain')
  plain('answered', text)
  await audit('answered')

  // The choice to complain starts a complaint linked to the repair.
  await page.click(`a[href="/portal/new?kind=complaint&raised_from=${repair.id}"]`)
  await page.waitForLoadState('load')
  text = await bodyText(page)
  check(text.includes(`Your complaint will be linked to ${repair.reference}`), 'complain: linked to the repair')
  check(await page.isChecked('input[name="kind"][value="complaint"]'), 'complain: "Make a complaint" chosen')
  await audit('complain')
  await page.fill('#summary', 'The tap repair was not done properly.')
  await page.click('button:has-text("Send")')
  await page.waitForLoadState('load')
  const complaintId = Number(page.url().match(/\/portal\/cases\/(\d+)/)?.[1])
  check(complaintId > 0, 'complain: the complaint is made')
  r = await api(`/cases/${complaintId}`)
  const complaint = await r.json()
  check(complaint.raised_from === repair.id, 'complain: raised from the repair')

  // The portal case page no longer offers the answered survey, and keeps the choice.
  await page.goto(`${base}/portal/cases/${repair.id}`)
  text = await bodyText(page)
  check(!text.includes('Tell us what you thought'), 'portal case: the answered survey is not offered again')

  // Signed out, the link still opens the survey (its thanks now).
  await context.clearCookies()
  resp = await page.goto(surveyUrl)
  check(resp.status() === 200, 'signed out: the link opens the survey')
  check((await bodyText(page)).includes('Thank you for telling us'), 'signed out: the thanks')

  // The satisfaction measures with figures from the demo's year of answers.
  await signIn(page, base, 'max', PASSWORD)
  resp = await page.goto(base + '/performance')
  check(resp.status() === 200, 'performance: 200')
  text = await bodyText(page)
  for (const title of ['Satisfaction with completed repairs',
    'Satisfaction with how we handled complaints at stage 1']) {
    check(text.includes(title), `performance: ${title}`)
  }
  const line = text.split('\n').find(l => l.includes('Satisfaction with completed repairs')) || ''
  check(/\d+(\.\d)?%/.test(line), `performance: the repairs figure (${line.trim().slice(0, 100)})`)
  // Staff see the answer on the repair's case page.
  resp = await page.goto(`${base}/staff/cases/${repair.id}`)
  text = await bodyText(page)
  check(text.includes('Satisfaction surveys') && text.includes('Very dissatisfied'),
    'staff case: the survey answer')
} catch (e) {
  check(false, 'no exception: ' + e.message)
} finally {
  await cleanUp({ context, server, profile, work })
}
process.exit(summary())

// The system administrator's pages in real headless Chromium with axe-core at WCAG 2.2 AA, at
// 1100 px, at 320 px and at 200% zoom: signing in lands on Administration; an account is
// created with a role, disabled and enabled; an API token is made (its secret shown once) and
// revoked; the contact details are saved and shown on the public home page; the policy reads in
// plain words; another role gets the forbidden page.
//
//   node tests/browser/admin.mjs path/to/charter BUILD_DIR
//
// Prints "N passed, N failed" last; exits non-zero on any failure.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  audit as auditPage, bodyText, check, cleanUp, launchChromium, runCharter, signIn,
  startCharter, summary, testEnv
} from './harness.mjs'

const { charter, buildDir, artifacts, work, db } = testEnv('admin')
const PASSWORD = 'a long browser test password'
const run = args => runCharter(charter, args)

run(['demo', '--db', db, '--scale', '0.05', '--no-serve'])
writeFileSync(join(work, 'pw'), PASSWORD + '\n')
run(['user', 'add', '--db', db, '--landlord', 'demo', '--username', 'root', '--role',
  'system_admin', '--name', 'Rita Root', '--password-file', join(work, 'pw')])
run(['user', 'add', '--db', db, '--landlord', 'demo', '--username', 'fred', '--role',
  'front_line', '--name', 'Fred Front', '--password-file', join(work, 'pw')])

const { server, base } = await startCharter(charter, ['--db', db, '--port', '0', '--assets', join(buildDir, 'assets')])
const { profile, context, page } = await launchChromium()

async function audit (name) {
  await auditPage(page, name, join(artifacts, `admin-${name}.png`))
  for (const [label, size] of [['320', { width: 320, height: 800 }], ['zoom200', { width: 640, height: 450 }]]) {
    await page.setViewportSize(size)
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    check(overflow <= 0, `${name} at ${label}: no sideways scrolling of the page (${overflow} px over)`)
    await auditPage(page, `${name} at ${label}`, join(artifacts, `admin-${name}-${label}.png`))
  }
  await page.setViewportSize({ width: 1100, height: 900 })
}

async function submit (text) {
  await page.click(`button:has-text("${text}")`)
  await page.waitForLoadState('load')
}

try {
  await signIn(page, base, 'root', PASSWORD)
  check(page.url() === base + '/staff/admin', 'the administrator lands on Administration: ' + page.url())
  let text = await bodyText(page)
  check(!text.includes('You cannot do this'), 'no forbidden page for the administrator')
  await audit('index')

  // Accounts.
  await page.click('a:has-text("Accounts")')
  await page.waitForLoadState('load')
  await audit('accounts')
  await page.click('a:has-text("Create an account")')
  await page.waitForLoadState('load')
  await page.fill('#display_name', 'Nia New')
  await page.fill('#username', 'nia')
  await page.check('input[name="role"][value="reviewing_manager"]')
  await page.fill('#password', 'short')
  await submit('Create the account')
  check(await page.locator('.govuk-error-summary a[href="#password"]').count() === 1, 'a weak password: the summary links to it')
  await audit('account-error')
  await page.fill('#password', 'correct horse battery staple')
  await submit('Create the account')
  text = await bodyText(page)
  check(text.includes('Account created') && text.includes('Nia New'), 'the account is created and listed')
  check(text.includes('Reviewing manager'), 'its role in words')
  await page.click('button:has-text("Disable Nia New")')
  await page.waitForLoadState('load')
  check((await bodyText(page)).includes('Account disabled'), 'the account is disabled')
  await page.click('button:has-text("Enable Nia New")')
  await page.waitForLoadState('load')
  check((await bodyText(page)).includes('Account enabled'), 'and enabled again')

  // API tokens.
  await page.goto(base + '/staff/admin/tokens')
  await page.fill('#name', 'Housing system')
  await page.selectOption('#role', 'front_line')
  await submit('Create a token')
  const secret = (await page.locator('#token-secret').innerText()).trim()
  check(secret.startsWith('ch_'), 'the secret is shown once')
  await audit('token-created')
  const r = await fetch(base + '/api/v1/cases?limit=1', { headers: { Authorization: `Bearer ${secret}` } })
  check(r.status === 200, 'the new token works on the API: ' + r.status)
  await page.goto(base + '/staff/admin/tokens')
  check(!(await page.content()).includes(secret), 'the list never shows the secret')
  await page.click('button:has-text("Revoke Housing system")')
  await page.waitForLoadState('load')
  const after = await fetch(base + '/api/v1/cases?limit=1', { headers: { Authorization: `Bearer ${secret}` } })
  check(after.status === 401, 'a revoked token is refused: ' + after.status)
  await audit('tokens')

  // Landlord settings.
  await page.goto(base + '/staff/admin/landlord')
  await page.fill('#phone', '0300 123 4567')
  await page.fill('#email', 'complaints@northside.example')
  await submit('Save the contact details')
  check((await bodyText(page)).includes('Contact details saved'), 'the contact details are saved')
  await audit('landlord')

  // The policy.
  await page.goto(base + '/staff/admin/policy')
  text = await bodyText(page)
  check(text.includes('Time limits') && /working days?/.test(text), 'the policy in plain words')
  check(!/stage1\.|stage2\.|&apos;|undefined/.test(text), 'no raw codes or entities')
  await audit('policy')

  await page.goto(base + '/staff/admin')
  text = await bodyText(page)
  check(text.includes('Account created: nia') && text.includes('API token revoked: Housing system'), 'the log of changes')

  // The public home page and another role.
  await page.click('button:has-text("Sign out")')
  await page.waitForLoadState('load')
  await page.goto(base + '/')
  check((await bodyText(page)).includes('0300 123 4567'), 'the public home page shows the new phone number')
  await signIn(page, base, 'fred', PASSWORD)
  const forbidden = await page.goto(base + '/staff/admin')
  check(forbidden.status() === 403, 'another role gets 403: ' + forbidden.status())
  check((await bodyText(page)).includes('You cannot do this'), 'the forbidden page')
  await audit('forbidden')
} catch (e) {
  check(false, 'no exception: ' + e.message)
} finally {
  await cleanUp({ context, server, profile, work })
}
process.exit(summary())

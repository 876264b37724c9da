// Email in, the staff side, in real headless Chromium with axe-core at WCAG 2.2 AA: real
// messages from tests/mail are piped into `charter mail-in` (one taken in, one malformed, one
// without a sender), then the complaints team opens "Emails not taken in" (/staff/mail-in):
// both kept-aside messages with the reason in words, no raw codes or ISO dates, no sideways
// scrolling at 320 px or 200% zoom; and the email's contact in the triage queue on My work.
//
//   node tests/browser/mail_in.mjs path/to/charter BUILD_DIR
//
// Prints "N passed, N failed" last; exits non-zero on any failure.
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  audit, bodyText, check, cleanUp, launchChromium, root, runCharter, signIn, startCharter,
  summary, testEnv
} from './harness.mjs'

const { charter, buildDir, artifacts, work, db } = testEnv('mail-in')
const PASSWORD = 'a long browser test password'
const run = args => runCharter(charter, args)
const mailIn = name => execFileSync(charter, ['mail-in', '--db', db, '--landlord', 'demo'], {
  input: readFileSync(join(root, 'tests', 'mail', name)), encoding: 'utf8'
})

writeFileSync(join(work, 'pw'), PASSWORD + '\n')
run(['user', 'add', '--db', db, '--landlord', 'demo', '--username', 'tess', '--role',
  'complaints_admin', '--name', 'Tess Triage', '--password-file', join(work, 'pw')])
const taken = mailIn('multipart_attachment.eml')
check(taken.startsWith('new contact CH-'), 'mail-in: the multipart message is a new contact')
check(mailIn('malformed.eml').startsWith('quarantined (malformed)'), 'mail-in: the malformed message is kept aside')
check(mailIn('no_from.eml').startsWith('quarantined (no-from)'), 'mail-in: the message without a sender is kept aside')

const { server, base } = await startCharter(charter, ['--db', db, '--port', '0', '--assets', join(buildDir, 'assets')])
const { profile, context, page } = await launchChromium()

try {
  await signIn(page, base, 'tess', PASSWORD)
  const resp = await page.goto(base + '/staff/mail-in')
  check(resp.status() === 200, 'emails not taken in: 200')
  check((await page.locator('h1').innerText()).includes('Emails not taken in'), 'emails not taken in: heading')
  const text = await bodyText(page)
  check(text.includes('Could not be read as an email'), 'the malformed message, in words')
  check(text.includes('No sender\'s address to reply to'), 'the message without a sender, in words')
  check(text.includes('This one is broken') && text.includes('Anonymous note'), 'each subject is shown')
  check(!/\d{4}-\d{2}-\d{2}/.test(text), 'no ISO dates')
  check(!/no-from|too-large|malformed\b/.test(text.replace('malformed:', '')), 'no raw reason codes')
  await audit(page, 'emails not taken in', join(artifacts, 'mail-in-quarantine.png'))
  for (const [label, size] of [['320 px', { width: 320, height: 700 }], ['200% zoom', { width: 640, height: 450 }]]) {
    await page.setViewportSize(size)
    const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    check(over <= 0, `emails not taken in at ${label}: no sideways scrolling (${over} px over)`)
  }
  await page.screenshot({ path: join(artifacts, 'mail-in-quarantine-320.png'), fullPage: true })
  await page.setViewportSize({ width: 1100, height: 900 })

  await page.goto(base + '/staff')
  check((await bodyText(page)).includes('Damp in my bedroom, still not fixed'), 'my work: the email waits in the triage queue')
} catch (e) {
  check(false, 'no exception: ' + e.message)
} finally {
  await cleanUp({ context, server, profile, work })
}
process.exit(summary())

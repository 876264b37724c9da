// Correspondence on the case file and added issues (Code 5.12, 6.8) in real headless Chromium
// with axe-core at WCAG 2.2 AA, on a small demo database: the demo's letters listed on a case;
// the upload form's error state (no file chosen, then a file whose content is not what its
// name says); a letter uploaded, listed and downloaded byte for byte; a new issue added to a
// complaint, shown on the case page and offered as a part of the response form. Screenshots at
// desktop width and at 320 px.
//
//   node tests/browser/attachments.mjs path/to/charter BUILD_DIR
//
// Prints "N passed, N failed" last; exits non-zero on any failure.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  audit as auditPage, bodyText as pageText, check, cleanUp, launchChromium, runCharter, signIn,
  startCharter, summary, testEnv
} from './harness.mjs'

const { charter, buildDir, artifacts, work, db } = testEnv('attachments')
const PASSWORD = 'a long browser test password'
const run = args => runCharter(charter, args)

run(['demo', '--db', db, '--scale', '0.1', '--no-serve'])
writeFileSync(join(work, 'pw'), PASSWORD + '\n')
run(['user', 'add', '--db', db, '--landlord', 'demo', '--username', 'fay', '--role',
  'complaints_admin', '--name', 'Fay Files', '--password-file', join(work, 'pw')])
const token = run(['token', 'create', '--db', db, '--landlord', 'demo', '--role', 'complaints_admin']).trim()

const { server, base } = await startCharter(charter, ['--db', db, '--port', '0', '--assets', join(buildDir, 'assets')])
const { profile, context, page } = await launchChromium()

async function audit (name) { await auditPage(page, name, join(artifacts, `attachments-${name}.png`)) }
async function bodyText () { return pageText(page) }
const api = (path, init = {}) => fetch(base + path, {
  ...init, headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, ...(init.headers || {}) }
})

try {
  // The demo attached letters to its first complaints.
  const first = await api('/api/v1/cases?kind=complaint&limit=1').then(r => r.json())
  const demoCase = first.cases[0].id
  await signIn(page, base, 'fay', PASSWORD)
  let resp = await page.goto(`${base}/staff/cases/${demoCase}`)
  check(resp.status() === 200, 'demo case page: 200')
  check((await bodyText()).includes('Letter from the resident.txt'), 'demo case page: the demo letter is listed')

  // A new complaint, acknowledged; then a file uploaded on its page.
  const received = new Date(Date.now() - 3600e3).toISOString().replace(/\.\d+Z$/, 'Z')
  const created = await api('/api/v1/cases', {
    method: 'POST',
    body: JSON.stringify({ kind: 'complaint', received_at: received, channel: 'letter', summary: 'Damp in the bedroom', person: { name: 'A Resident' } })
  }).then(r => r.json())
  const id = created.id
  await api(`/api/v1/cases/${id}/actions`, {
    method: 'POST', body: JSON.stringify({ action: 'acknowledge', definition: 'Damp in the bedroom; wants it treated', handler: 'fay' })
  })
  resp = await page.goto(`${base}/staff/cases/${id}`)
  check((await bodyText()).includes('Correspondence and documents'), 'case page: the correspondence section')
  await page.click('button:has-text("Attach the file")')
  await page.waitForLoadState('load')
  check((await page.locator('.govuk-error-summary a[href="#file"]').count()) === 1, 'upload: no file chosen is an error linked to the input')
  await audit('upload-error')

  const lying = join(work, 'photo.pdf')
  writeFileSync(lying, Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.alloc(40)]))
  await page.setInputFiles('#file', lying)
  await page.click('button:has-text("Attach the file")')
  await page.waitForLoadState('load')
  check((await page.locator('#file-error').innerText()).includes('content is image/png'), 'upload: a PNG named .pdf is refused, the type read from its content')

  const letter = join(work, 'Letter to resident.txt')
  const words = 'Dear A Resident,\nWe will treat the damp on 12 May.\n'
  writeFileSync(letter, words)
  await page.setInputFiles('#file', letter)
  await page.click('button:has-text("Attach the file")')
  await page.waitForLoadState('load')
  check(page.url().endsWith(`/staff/cases/${id}#attachments`) || page.url().includes(`/staff/cases/${id}`), 'upload: back on the case page')
  const link = page.locator('#attachments a:has-text("Letter to resident.txt")')
  check((await link.count()) === 1, 'upload: the file is listed')
  await audit('case-with-file')
  await page.setViewportSize({ width: 320, height: 900 })
  await page.screenshot({ path: join(artifacts, 'attachments-case-320.png'), fullPage: true })
  await page.locator('#attachments').screenshot({ path: join(artifacts, 'attachments-section-320.png') })
  check(await page.evaluate(() => document.documentElement.scrollWidth <= 320), '320 px: no sideways scrolling')
  await page.setViewportSize({ width: 1100, height: 900 })

  const [download] = await Promise.all([page.waitForEvent('download'), link.click()])
  const saved = join(work, 'downloaded.txt')
  await download.saveAs(saved)
  check(readFileSync(saved, 'utf8') === words, 'download: the same bytes back')
  check(download.suggestedFilename() === 'Letter_to_resident.txt', 'download: a safe file name')

  // A new issue added: listed on the case page, a part of the response form.
  resp = await page.goto(`${base}/staff/cases/${id}/act/add_issue`)
  check(resp.status() === 200, 'add issue form: 200')
  await page.fill('#summary', 'Mould on the bathroom ceiling too')
  await page.fill('#definition', 'Damp in the bedroom and mould in the bathroom; wants both treated')
  await page.click('button:has-text("Save")')
  await page.waitForLoadState('load')
  check((await bodyText()).includes('Issue 1 (stage 1): Mould on the bathroom ceiling too'), 'case page: the added issue')
  await audit('case-with-added-issue')
  await page.goto(`${base}/staff/cases/${id}/act/respond`)
  check(await page.inputValue('#elements-1-summary') === 'Mould on the bathroom ceiling too', 'response form: a part for the added issue')
  await audit('response-form-added-issue')
} catch (e) {
  check(false, 'no exception: ' + e.message)
} finally {
  await cleanUp({ context, server, profile, work })
}
process.exit(summary())

// Login CSRF in real headless Chromium: a page on another site signs the browser in as the
// attacker's own account, the way an attacker would (a self-submitting <form
// enctype="text/plain"> whose text is a JSON object, posted to POST /api/v1/session; and the
// sign-in page's own form). Neither may set a session cookie. The service's own sign-in page
// must still work.
//
//   node tests/browser/login_csrf.mjs path/to/charter BUILD_DIR
//
// Prints "N passed, N failed" last; exits non-zero on any failure.
import { execFileSync } from 'node:child_process'
import { createServer } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'
import { launchChromium, startCharter } from './harness.mjs'

const require = createRequire(import.meta.url)
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const { chromium } = require(join(root, 'node_modules', 'playwright-core'))

const charter = process.argv[2] || join(root, 'build', 'charter')
const work = mkdtempSync(join(tmpdir(), 'charter-login-csrf-'))
const db = join(work, 'charter.db')
const password = 'attacker password 1234'

let passed = 0
let failed = 0
function check (ok, what) {
  if (ok) { passed++; console.log(`ok   ${what}`) } else { failed++; console.log(`FAIL ${what}`) }
}

execFileSync(charter, ['user', 'add', '--db', db, '--landlord', 'demo', '--username', 'mallory',
  '--role', 'resident', '--person', 'P-MALLORY', '--name', 'Mallory'], { input: password + '\n' })
const { server, base } = await startCharter(charter, ['--db', db, '--port', '0'])

// The attacker's site: another host name (localhost, not 127.0.0.1), so another site.
const target = base
const attackerPages = {
  '/api': `<!DOCTYPE html><html><body><form id="f" method="post" enctype="text/plain"
    action="${target}/api/v1/session"><input type="hidden"
    name='{"landlord":"demo","username":"mallory","password":"${password}","x":"' value='"}'>
    </form><script>document.getElementById('f').submit()</script></body></html>`,
  '/page': `<!DOCTYPE html><html><body><form id="f" method="post" action="${target}/sign-in">
    <input type="hidden" name="username" value="mallory"><input type="hidden" name="password"
    value="${password}"><input type="hidden" name="next" value="/portal"></form>
    <script>document.getElementById('f').submit()</script></body></html>`
}
const attacker = createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
  res.end(attackerPages[req.url] || '')
})
await new Promise(resolve => attacker.listen(0, '127.0.0.1', resolve))
const evil = `http://localhost:${attacker.address().port}`

const { profile, context, page } = await launchChromium(chromium)
const sessionCookies = async () =>
  (await context.cookies(base)).filter(c => c.name === 'charter_session' && c.value !== '')

try {
  for (const [path, what] of [['/api', 'a text/plain JSON form to the API'],
    ['/page', 'a form to the sign-in page']]) {
    const answered = page.waitForResponse(r => r.url().startsWith(target) && r.request().method() === 'POST')
    await page.goto(evil + path)
    const resp = await answered
    check(resp.status() === 403 || resp.status() === 415, `${what}: refused (${resp.status()})`)
    check((await sessionCookies()).length === 0, `${what}: no session cookie in the browser`)
  }
  // The service's own sign-in page still signs in (same origin).
  await page.goto(base + '/sign-in')
  await page.fill('#username', 'mallory')
  await page.fill('#password', password)
  await page.click('button:has-text("Sign in")')
  await page.waitForLoadState('load')
  check(page.url().endsWith('/portal'), 'the sign-in page itself still signs in')
  check((await sessionCookies()).length === 1, 'and sets the session cookie')
} catch (e) {
  check(false, 'no exception: ' + e.message)
} finally {
  await context.close()
  attacker.close()
  server.kill('SIGTERM')
  rmSync(profile, { recursive: true, force: true })
  rmSync(work, { recursive: true, force: true })
}
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)

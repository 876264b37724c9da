// Welsh (cy) in real headless Chromium with axe-core at WCAG 2.2 AA: the public home page and
// the complaint form switch to Welsh with the language switch (and stay Welsh through the
// cookie), <html lang> follows; the portal of a resident whose language is Welsh is Welsh by
// default, shows their Welsh letter with its formats (the download choices) and switches back
// to English; the complaint form's errors, the resident's contact preference form and the
// public Our promises, You said we did and self-assessment pages are Welsh with none of the
// English sentences code used to write; every page at desktop, 320 px and 200% zoom (a
// 1280 px window at 200% lays out as 640 px), with no sideways scrolling. Screenshots in the
// build's artifacts/.
//
//   node tests/browser/welsh.mjs path/to/charter BUILD_DIR
//
// Prints "N passed, N failed" last; exits non-zero on any failure.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  audit as auditPage, bodyText as pageText, check, cleanUp, launchChromium, runCharter, signIn,
  startCharter, summary, testEnv
} from './harness.mjs'

const { charter, buildDir, artifacts, work, db } = testEnv('welsh')
const PASSWORD = 'a long browser test password'
const run = args => runCharter(charter, args)

try { run(['landlord', 'add', '--db', db, '--slug', 'demo', '--name', 'Northside Homes']) } catch (e) { /* may exist */ }
writeFileSync(join(work, 'pw'), PASSWORD + '\n')
run(['user', 'add', '--db', db, '--landlord', 'demo', '--username', 'rhian', '--role',
  'resident', '--name', 'Rhian Evans', '--person', 'P-CY', '--password-file', join(work, 'pw')])
const token = run(['token', 'create', '--db', db, '--landlord', 'demo', '--role', 'complaints_admin']).trim()

const { server, base } = await startCharter(charter, ['--db', db, '--port', '0', '--landlord', 'demo',
  '--landlord-name', 'Northside Homes', '--assets', join(buildDir, 'assets')])
const { profile, context, page } = await launchChromium()

async function bodyText () { return pageText(page) }
async function api (path, body) {
  const r = await fetch(base + '/api/v1' + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(body)
  })
  return { status: r.status, json: await r.json() }
}
// Desktop, 320 px and 200% zoom: axe clean and no sideways scrolling at each.
async function everySize (name) {
  await auditPage(page, name, join(artifacts, `welsh-${name}.png`))
  for (const [label, size] of [['320', { width: 320, height: 800 }], ['zoom200', { width: 640, height: 450 }]]) {
    await page.setViewportSize(size)
    check(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name} at ${label}: no sideways scrolling`)
    await auditPage(page, `${name}-${label}`, join(artifacts, `welsh-${name}-${label}.png`))
  }
  await page.setViewportSize({ width: 1100, height: 900 })
}
async function lang () { return page.evaluate(() => document.documentElement.lang) }
// Sentences the code (not a template) used to write in English on the Welsh pages.
const ENGLISH = ['What happens next', 'We will send you', 'We will write to confirm', 'We have sent you',
  'How do you want to hear from us', 'How you want to hear from us', 'No preference recorded',
  'Through their online account', 'In which format', 'Review this by', 'There is a problem',
  'Enter your name', 'Tell us what happened', 'Our promises', 'the last whole year',
  'We have no figures', 'Promises we do not measure', 'What residents told us',
  'Nothing has been published yet', 'Our self-assessments', 'Each year we assess']
async function noEnglish (name) {
  const text = await bodyText()
  const found = ENGLISH.filter(e => text.includes(e))
  check(found.length === 0, `${name}: no English sentence (${found.join(', ')})`)
}

try {
  // The public pages: English, then the switch to Cymraeg.
  await page.goto(base + '/')
  check(await lang() === 'en', 'home: lang="en" at first')
  await page.click('.charter-language-switch a[hreflang="cy"]')
  await page.waitForLoadState('load')
  check(await lang() === 'cy', 'home: lang="cy" after the switch')
  check((await bodyText()).includes('Beth hoffech chi ei wneud?'), 'home: in Welsh')
  check((await page.locator('.charter-language-switch [aria-current="true"]').innerText()) === 'Cymraeg', 'home: the switch shows Cymraeg as current')
  await everySize('home-cy')
  await page.click('a[href="/complain"] >> nth=0')
  await page.waitForLoadState('load')
  check(await lang() === 'cy', 'complain: still Welsh (the cookie)')
  check((await page.locator('h1').innerText()) === 'Cwyno', 'complain: the Welsh heading')
  check((await bodyText()).includes('Sut gallwn ni gysylltu â chi?'), 'complain: the Welsh form')
  await everySize('complain-cy')
  await page.click('main button.govuk-button')
  await page.waitForLoadState('load')
  check((await page.locator('.govuk-error-summary__title').innerText()) === 'Mae problem', 'complain errors: "Mae problem"')
  check((await bodyText()).includes('Rhowch eich enw'), 'complain errors: in Welsh')
  await noEnglish('complain errors')
  await everySize('complain-errors-cy')
  await page.click('.charter-language-switch a[hreflang="en"]')
  await page.waitForLoadState('load')
  check(await lang() === 'en' && (await page.locator('h1').innerText()) === 'Make a complaint', 'complain: back to English')

  // The public performance pages in Welsh.
  for (const [path, h1, name] of [['/promises?lang=cy', 'Ein haddewidion', 'promises-cy'],
    ['/you-said-we-did?lang=cy', 'Dywedoch chi, gwnaethom ni', 'you-said-cy'],
    ['/self-assessment?lang=cy', 'Ein hunanasesiadau yn erbyn y Cod Ymdrin â Chwynion', 'self-assessment-cy']]) {
    await page.goto(base + path)
    check(await lang() === 'cy', `${name}: lang="cy"`)
    check((await page.locator('h1').innerText()) === h1, `${name}: "${h1}"`)
    await noEnglish(name)
    await everySize(name)
  }
  await page.goto(base + '/promises?lang=en')

  // A Welsh resident's case and letter.
  const made = await api('/cases', {
    kind: 'complaint', received_at: '2025-03-03T10:00:00Z', channel: 'phone',
    summary: 'Mae’r boeler wedi torri',
    person: { name: 'Rhian Evans', account: 'P-CY', contact: { channel: 'portal', language: 'cy' } }
  })
  check(made.status === 201, 'the complaint is logged (201)')
  const id = made.json.id
  const acked = await api(`/cases/${id}/actions`, {
    action: 'acknowledge', at: '2025-03-04T10:00:00Z', handler: 'Ivy Okonkwo',
    definition: 'Mae’r boeler wedi torri ers tair wythnos',
    responsibility: 'Rydym yn gyfrifol am y boeler'
  })
  check(acked.status === 200, 'the complaint is acknowledged (200)')
  const letter = await api(`/cases/${id}/letters`, { letter: 'acknowledgement' })
  check(letter.status === 201 && letter.json.language === 'cy', 'the acknowledgement is issued in Welsh')

  await context.clearCookies()
  await signIn(page, base, 'rhian', PASSWORD)
  await page.goto(base + '/portal')
  check(await lang() === 'cy', 'portal: Welsh by default for a Welsh speaker')
  check((await page.locator('h1').innerText()) === 'Eich achosion', 'portal: "Eich achosion"')
  await everySize('portal-cy')
  await page.goto(`${base}/portal/cases/${id}`)
  const text = await bodyText()
  check(text.includes('Llythyrau') && text.includes('Cydnabod eich cwyn'), 'portal case: the Welsh letter listed')
  check(text.includes('Print bras (PDF)') && text.includes('Sain (Ogg)'), 'portal case: the format choices in Welsh')
  check(!/\d{4}-\d{2}-\d{2}/.test(text), 'portal case: no ISO dates')
  check(text.includes('Byddwn yn anfon ein hateb atoch erbyn dydd'), 'portal case: what happens next in Welsh')
  await noEnglish('portal case')
  await everySize('portal-case-cy')
  await page.goto(`${base}/portal/cases/${id}/contact`)
  check((await page.locator('h1').innerText()) === 'Sut hoffech chi glywed gennym ni?', 'contact: the Welsh heading')
  check((await bodyText()).includes('Diwrnod'), 'contact: the date parts in Welsh')
  await noEnglish('contact')
  await everySize('contact-cy')
  await page.goto(`${base}/portal/cases/${id}`)
  await page.click('a:has-text("Cydnabod eich cwyn")')
  await page.waitForLoadState('load')
  check((await bodyText()).includes('Diolch am eich cwyn'), 'the letter: in Welsh')
  check((await page.locator('.charter-letter').getAttribute('lang')) === 'cy', 'the letter: marked lang="cy"')
  await everySize('letter-cy')
  await page.click('.charter-language-switch a[hreflang="en"]')
  await page.waitForLoadState('load')
  check(await lang() === 'en' && (await bodyText()).includes('Download this letter'), 'the letter page: back to English')
  await page.goto(base + '/portal')
  check((await page.locator('h1').innerText()) === 'Your cases', 'portal: English remembered once chosen')
} catch (e) {
  check(false, 'no exception: ' + e.message)
} finally {
  await cleanUp({ context, server, profile, work })
}
process.exit(summary())

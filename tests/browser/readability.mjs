// Plain English for residents (issue 14 item 6): every letter kind the demo holds and every page a
// resident or visitor reads is scored for reading age and checked against the content rules of
// GOV.UK's style guide, as Chromium renders them.
//
// Reading age is the Flesch-Kincaid grade level plus five (the UK school year a reader is in plus
// the age they start it), computed with wooorm's `flesch-kincaid` and `syllable` from npm over the
// text a person reads: the page's <main> or the letter's plain-text format. The limits:
//   - a page a resident or visitor reads: reading age 12 or under;
//   - a letter: reading age 12 or under (letters must say what the Code requires, in its words:
//     "Housing Ombudsman", "Complaint Handling Code");
// and, on both, GOV.UK's style rules: no sentence longer than 35 words; no "e.g.", "i.e." or
// "etc."; no "click here"; no words GOV.UK asks us not to use ("utilise", "facilitate",
// "in order to", "commence", ...); and never "the resident" to the resident.
//
//   node tests/browser/readability.mjs path/to/charter BUILD_DIR
//
// Prints each text's score, then "N passed, N failed" last; exits non-zero on any failure.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fleschKincaid } from 'flesch-kincaid'
import { syllable } from 'syllable'
import {
  check, cleanUp, launchChromium, runCharter, signIn, startCharter, summary, testEnv
} from './harness.mjs'

const { charter, buildDir, work, db } = testEnv('readability')
const PASSWORD = 'a long readability test passphrase'
const run = args => runCharter(charter, args)

const PAGE_AGE = 12
const LETTER_AGE = 12
const LONGEST_SENTENCE = 35
const AVOID = ['e.g.', 'i.e.', 'etc.', 'click here', 'utilise', 'facilitate', 'in order to',
  'commence', 'henceforth', 'aforementioned', 'notwithstanding', 'herein', 'whilst', 'per annum',
  'the resident']

// ---- scoring ---------------------------------------------------------------------------------

// Sentences: runs of text ending in . ! ? or a line break (headings, list items and table cells
// are sentences of their own). Lines without a letter (dates, figures) are left out.
export function sentences (text) {
  return text.split(/(?<=[.!?])\s+|\n+/).map(s => s.trim()).filter(s => /[A-Za-z]/.test(s))
}
function words (sentence) {
  return sentence.split(/\s+/).map(w => w.replace(/[^A-Za-z'’-]/g, '')).filter(w => /[A-Za-z]/.test(w))
}

// { age, sentences, words, longest } for `text`.
export function readingAge (text) {
  const ss = sentences(text)
  const ws = ss.flatMap(words)
  const counts = { sentence: Math.max(ss.length, 1), word: Math.max(ws.length, 1), syllable: ws.reduce((n, w) => n + syllable(w), 0) }
  const longest = ss.reduce((best, s) => words(s).length > words(best).length ? s : best, '')
  return { age: fleschKincaid(counts) + 5, sentences: ss.length, words: ws.length, longest }
}

// The checks for one text: its reading age against `limit` and the style rules.
function checkText (name, text, limit) {
  const r = readingAge(text)
  console.log(`     ${name}: reading age ${r.age.toFixed(1)} (${r.words} words, ${r.sentences} sentences)`)
  check(r.words >= 20, `${name}: has text to read (${r.words} words)`)
  check(r.age <= limit, `${name}: reading age ${r.age.toFixed(1)} is ${limit} or under`)
  const n = words(r.longest).length
  check(n <= LONGEST_SENTENCE, `${name}: no sentence over ${LONGEST_SENTENCE} words (longest ${n}: "${r.longest.slice(0, 120)}")`)
  const lower = text.toLowerCase()
  const used = AVOID.filter(w => new RegExp(`(^|[^a-z])${w.replace(/\./g, '\\.')}($|[^a-z])`).test(lower))
  check(used.length === 0, `${name}: none of GOV.UK's words to avoid` + (used.length ? ` (uses ${used.join(', ')})` : ''))
}

// ---- the texts -------------------------------------------------------------------------------

run(['demo', '--db', db, '--scale', '0.1', '--no-serve'])
const token = run(['token', 'create', '--db', db, '--landlord', 'demo', '--role', 'complaints_admin']).trim()
const { server, base } = await startCharter(charter, ['--db', db, '--port', '0', '--assets', join(buildDir, 'assets'),
  '--landlord-name', 'Northside Homes', '--landlord-phone', '0161 496 0000'])
const api = (path, opts = {}) => fetch(base + path, { ...opts, headers: { Authorization: `Bearer ${token}`, ...(opts.headers || {}) } })
const { profile, context, page } = await launchChromium()

try {
  // One letter of each kind, issued on the first demo complaint whose record lets the Code's
  // content check pass (a refusal needs a refused case, a stage 2 letter an escalated one), in
  // its plain-text format.
  const KINDS = ['acknowledgement', 'extension', 'stage1_response', 'refusal', 'stage2_acknowledgement',
    'stage2_response', 'issue_added']
  const seen = new Map()
  let person = null
  // Refused complaints are few, so they are looked for first.
  const refused = await api('/api/v1/cases?kind=complaint&status=refused&limit=5').then(r => r.json())
  // The demo holds several years of complaints: read them a page at a time until every kind
  // of letter and a person with an account are found.
  async function * complaints () {
    yield * refused.cases
    let cursor = null
    do {
      const page = await api(`/api/v1/cases?kind=complaint&limit=200${cursor ? `&cursor=${cursor}` : ''}`)
        .then(r => r.json())
      yield * page.cases
      cursor = page.next_cursor
    } while (cursor)
  }
  for await (const c of complaints()) {
    for (const kind of KINDS.filter(k => !seen.has(k))) {
      const made = await api(`/api/v1/cases/${c.id}/letters`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ letter: kind })
      })
      if (made.status !== 201) continue
      const letter = await made.json()
      seen.set(kind, await api(`/api/v1/cases/${c.id}/letters/${letter.number}?format=text`).then(r => r.text()))
    }
    if (!person) {
      const full = await api(`/api/v1/cases/${c.id}`).then(r => r.json())
      if (full.person && full.person.account) person = { ref: full.person.account, id: c.id }
    }
    if (seen.size === KINDS.length && person) break
  }
  check(seen.size === KINDS.length, `the demo's complaints give a letter of every kind (${[...seen.keys()].join(', ')})`)
  for (const [kind, text] of seen) checkText(`letter "${kind}"`, text, LETTER_AGE)

  // What a visitor reads.
  const mainText = async (path) => {
    const resp = await page.goto(base + path)
    check(resp.status() === 200, `${path}: 200`)
    return page.locator('main').innerText()
  }
  for (const path of ['/', '/complain', '/promises']) checkText(`page ${path}`, await mainText(path), PAGE_AGE)

  // What a resident reads in the portal, signed in as the person of a demo complaint.
  check(person !== null, 'a demo complaint names its person')
  if (person) {
    writeFileSync(join(work, 'pw'), PASSWORD + '\n')
    run(['user', 'add', '--db', db, '--landlord', 'demo', '--username', 'resident@example.org', '--role', 'resident',
      '--name', 'A Resident', '--person', person.ref, '--password-file', join(work, 'pw')])
    await signIn(page, base, 'resident@example.org', PASSWORD)
    for (const path of ['/portal', '/portal/new', `/portal/cases/${person.id}`]) checkText(`page ${path}`, await mainText(path), PAGE_AGE)
  }
} catch (e) {
  check(false, `the test ran to the end: ${e.stack}`)
} finally {
  await cleanUp({ context, server, profile, work })
}
process.exit(summary())

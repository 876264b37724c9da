// The demo as a buyer sees it (issue 12 item 11): three whole financial years and the current one
// to date, in real headless Chromium with axe-core at WCAG 2.2 AA, on a small demo database. Our
// promises (public), then signed in as the complaints team: Performance for each of the three past
// years (figures, and not the same each year), the last whole year's annual report with the
// Ombudsman and learning, You said, we did; then My work for each demo account. Screenshots land
// in BUILD_DIR/artifacts/demo-years-*.png.
//
//   node tests/browser/demo_years.mjs path/to/charter BUILD_DIR
//
// Prints "N passed, N failed" last; exits non-zero on any failure.
import { join } from 'node:path'
import {
  audit as auditPage, bodyText, check, cleanUp, launchChromium, runCharter, signIn,
  startCharter, summary, testEnv
} from './harness.mjs'

const { charter, artifacts, work, db } = testEnv('demo-years')
const PASSWORD = 'charter demo only'

runCharter(charter, ['demo', '--db', db, '--scale', '0.1', '--no-serve'])
const { server, base } = await startCharter(charter, ['--db', db, '--port', '0'])
const { profile, context, page } = await launchChromium()

function yearLabel (start) { return `${start}-${String((start + 1) % 100).padStart(2, '0')}` }
const today = new Date()
const thisStart = today.getUTCMonth() >= 3 ? today.getUTCFullYear() : today.getUTCFullYear() - 1
const PAST = [thisStart - 3, thisStart - 2, thisStart - 1].map(yearLabel)

async function audit (name, path) {
  const resp = await page.goto(base + path)
  check(resp.status() === 200, `${name}: 200`)
  await auditPage(page, name, join(artifacts, `demo-years-${name}.png`))
  return bodyText(page)
}

try {
  const promises = await audit('promises', '/promises')
  check(promises.includes(String(thisStart - 3)), `promises: the trend goes back to ${thisStart - 3}`)

  await signIn(page, base, 'complaints', PASSWORD)
  const figures = []
  for (const year of PAST) {
    const text = await audit(`performance-${year}`, `/performance?period=${year}`)
    const percents = text.match(/\d+(\.\d+)?%/g) || []
    check(percents.length >= 3, `performance ${year}: figures shown (${percents.slice(0, 5).join(' ')})`)
    figures.push(percents.join(' '))
  }
  check(new Set(figures).size === PAST.length, 'performance: the years differ (a trend)')
  const annual = await audit('annual', `/reports/annual?period=${PAST[2]}`)
  check(/Ombudsman/.test(annual), 'annual report: the Ombudsman section')
  check(/[Ll]earning|You said/.test(annual), 'annual report: learning')
  const ysd = await audit('you-said-we-did', '/you-said-we-did')
  check(/We did|we did/.test(ysd), 'You said, we did: improvements listed')

  for (const who of ['complaints', 'investigator', 'reviewer', 'frontline', 'governance']) {
    await context.clearCookies()
    await signIn(page, base, who, PASSWORD)
    const mine = await audit(`my-work-${who}`, '/staff')
    // Every demo account that handles cases has its own work at once, overdue work among it
    // (main/demo_own_work.h); the governance member's page is kept as a screenshot.
    if (who !== 'governance') {
      check(!/You have 0 open cases/.test(mine), `My work (${who}): has work`)
      const overdue = (await page.locator('h2[id="overdue"]').innerText()).match(/\((\d+)\)/)
      check(overdue && Number(overdue[1]) > 0, `My work (${who}): some of it overdue (${overdue && overdue[0]})`)
    }
  }
} catch (e) {
  check(false, `no exception: ${e.stack || e}`)
} finally {
  await cleanUp({ context, server, profile, work })
}
process.exit(summary())

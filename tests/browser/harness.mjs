// What every browser test shares: a real `charter serve` on an ephemeral port, and Debian's
// headless Chromium (driven by npm playwright-core) with a throw-away profile.
import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// Starts `charter serve ARGS` and answers { server, base } once it prints its listening line.
export async function startCharter (charter, args) {
  const server = spawn(charter, ['serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let serverErr = ''
  server.stderr.on('data', d => { serverErr += d })
  const base = await new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error('charter serve did not start: ' + serverErr)), 20000)
    server.stdout.on('data', d => {
      out += d
      const m = out.match(/listening on (http:\/\/[^\s]+)/)
      if (m) { clearTimeout(timer); resolve(m[1]) }
    })
    server.on('exit', code => reject(new Error(`charter serve exited ${code}: ${serverErr}`)))
  })
  return { server, base }
}

// Launches /usr/bin/chromium headless; answers { profile, context, page }.
export async function launchChromium (chromium) {
  const profile = mkdtempSync(join(tmpdir(), 'charter-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1100, height: 900 }
  })
  const page = context.pages()[0] || await context.newPage()
  return { profile, context, page }
}

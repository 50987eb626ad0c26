// Refusals in the browser: an address asked for by the other parent's side is refused under
// clause 4 and recorded in the register; a form sent without the session's CSRF token changes
// nothing; every page carries a Content Security Policy with no inline script allowed; signing
// in needs the second factor where the role requires it.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { useHavenAndBrowser, newPage, signIn, checkPage, expectDone, expectRefusal, totp, password } from './support.mjs'

const running = useHavenAndBrowser('birmingham')

test('the other side asking for a parent\'s address is refused under clause 4', async () => {
  const { haven, browser } = running
  const page = await newPage(browser)
  await signIn(page, haven, 'coord.amy')
  await page.goto(haven.url + '/families/F0001/requests')
  // Harriet Quayle, the solicitor, acts for Joanna; she asks for Marcus's address.
  await page.selectOption('#recipient', { label: 'Solicitor, the referrer (acts for Resident parent)' })
  await page.check('#asked-contact')
  await page.selectOption('#about_person', { label: 'Non-resident parent' })
  await page.selectOption('#field', 'address')
  const [response] = await Promise.all([page.waitForResponse(r => r.request().method() === 'POST'),
    page.click('button:has-text("Record and answer the request")')])
  assert.equal(response.status(), 403)
  assert.equal(await page.textContent('h1'), 'Request refused')
  await expectRefusal(page, '4')
  assert.match(await page.textContent('#refusal-clause'), /A parent's address and phone stay private/)
  assert.doesNotMatch(await page.textContent('main'), /Tealby|B99 2BB/)
  await checkPage(page, 'refused-address')

  // Even with Marcus's recorded consent, nothing goes to the side acting for Joanna.
  await page.goto(haven.url + '/families/F0001/consents')
  await page.selectOption('#person_id', { label: 'Non-resident parent' })
  await page.selectOption('#field', 'address')
  await page.selectOption('#recipient', { label: 'Solicitor, the referrer (acts for Resident parent)' })
  await page.fill('#given_on', new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/London' }))
  await page.click('button:has-text("Record consent")')
  await expectDone(page, /Consent recorded/)
  assert.match(await page.textContent('#consents'), /Non-resident parent\s*Address/)
  await checkPage(page, 'consents')
  await page.goto(haven.url + '/families/F0001/requests')
  await page.selectOption('#recipient', { label: 'Solicitor, the referrer (acts for Resident parent)' })
  await page.check('#asked-contact')
  await page.selectOption('#about_person', { label: 'Non-resident parent' })
  await page.click('button:has-text("Record and answer the request")')
  assert.equal(await page.textContent('h1'), 'Request refused')
  await expectRefusal(page, '4')
  assert.doesNotMatch(await page.textContent('main'), /Tealby|B99 2BB/)

  const manager = await newPage(browser)
  await signIn(manager, haven, 'mgmt.raj')
  await manager.goto(haven.url + '/disclosures')
  const rows = manager.locator('#register tr', { hasText: 'Contact details' })
  assert.equal(await rows.count(), 2)
  for (const row of await rows.all()) assert.match(await row.textContent(), /Refused\s*4\s*$/)
})

test('the administrator and the safeguarding lead each get their own home page', async () => {
  const { haven, browser } = running
  const admin = await newPage(browser)
  await signIn(admin, haven, 'admin.kim')
  assert.match(await admin.textContent('main'), /family records are not open to you \(clause 1\)/)
  assert.equal(await admin.locator('nav >> text=Families').count(), 0)
  await checkPage(admin, 'administrator-home')
  const lead = await newPage(browser)
  await signIn(lead, haven, 'safe.lee')
  assert.match(await lead.textContent('main'), /Waiting for you/)
  await checkPage(lead, 'safeguarding-home')
})

test('a form without the CSRF token changes nothing', async () => {
  const { haven, browser } = running
  const page = await newPage(browser)
  await signIn(page, haven, 'coord.amy')
  await page.goto(haven.url + '/families')
  const before = await page.locator('#families tbody tr').count()
  // The browser's own cookies, but no token in the body: what a forged cross-site form sends.
  const response = await page.request.post(haven.url + '/families', { form: { must_not_meet: 'yes' } })
  assert.equal(response.status(), 400)
  assert.match(await response.text(), /nothing was changed/)
  await page.reload()
  assert.equal(await page.locator('#families tbody tr').count(), before)
})

test('pages carry a strict Content Security Policy', async () => {
  const { haven, browser } = running
  const page = await newPage(browser)
  const response = await page.goto(haven.url + '/sign-in')
  const csp = response.headers()['content-security-policy']
  assert.match(csp, /script-src 'self'/)
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/)
  assert.match(csp, /frame-ancestors 'none'/)
  // The policy is enforced: an injected inline script does not run.
  await page.evaluate(() => {
    const s = document.createElement('script')
    s.textContent = 'window.injected = true'
    document.body.appendChild(s)
  })
  assert.equal(await page.evaluate(() => window.injected === true), false)
  await page.reload()
  page.scriptErrors.length = 0  // the CSP report for the injected script is expected
  await checkPage(page, 'sign-in')
})

test('management signs in only with a current second-factor code', async () => {
  const { haven, browser } = running
  const page = await newPage(browser)
  await page.goto(haven.url + '/sign-in')
  await page.fill('#handle', 'mgmt.raj')
  await page.fill('#password', password)
  await page.click('button:has-text("Sign in")')
  assert.match(await page.textContent('#form-error'), /code/i)
  assert.equal(await page.inputValue('#handle'), 'mgmt.raj', 'the handle is kept, the password is not')
  assert.equal(await page.inputValue('#password'), '')
  await checkPage(page, 'sign-in-needs-code')

  await page.fill('#password', password)
  await page.fill('#code', totp(haven.secrets['mgmt.raj'], Date.now() - 10 * 60 * 1000))
  await page.click('button:has-text("Sign in")')
  assert.match(await page.textContent('#form-error'), /code/i, 'a stale code is refused')

  await signIn(page, haven, 'mgmt.raj')
  await checkPage(page, 'management-home')
  assert.equal(await page.locator('nav >> text=Retention').count(), 1)
  await page.click('nav >> text=Audit')
  assert.match(await page.textContent('#chain-state'), /Intact/)
  assert.doesNotMatch(await page.textContent('#audit'), /Joanna|Pemberton|Larkspur/)
  assert.doesNotMatch(await page.textContent('#audit'), /stf_|fam_|view_family|T\d\d:\d\d:\d\dZ/, 'in words, not ids')
  await checkPage(page, 'audit')
  // Narrowed to one family and one member of staff: Amy's reads of family F0001, in words.
  await page.click('text=Narrow the trail')
  await page.fill('#family', 'F0001')
  await page.selectOption('#staff', 'coord.amy')
  await page.click('button:has-text("Show entries")')
  const rows = await page.locator('#audit tbody tr').allTextContents()
  assert.ok(rows.length > 0, 'the demo has Amy writing to F0001')
  for (const row of rows) {
    assert.match(row, /Amy/)
    assert.doesNotMatch(row, /Family F000[^1]|per |ses |fam /, 'the family\'s own entries, in words')
  }
  assert.ok(rows.some(row => /Family F0001/.test(row)), 'its record')
  assert.ok(rows.some(row => /A session/.test(row)), 'and its sessions')
  assert.equal(await page.inputValue('#family'), 'F0001', 'the filters stay in the form')
  await checkPage(page, 'audit-narrowed')
  await page.click('nav >> text=Policy')
  await checkPage(page, 'policy')
  await page.click('button:has-text("I have read and understood")')
  assert.match(await page.textContent('main'), /You have acknowledged this version/)
})

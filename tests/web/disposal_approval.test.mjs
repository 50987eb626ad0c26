// A disposal approved in the browser (clause 8): a family unused for more than five years is
// due; one member of management proposes the run, and cannot approve it; a second, whose account
// the administrator proposes and the first approves, approves it and carries it out; the certificate of destruction holds counts
// and dates, no names; the family's list entry says its records were destroyed, and its notes
// and attendance are gone.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { useHavenAndBrowser, newPage, signIn, checkPage, expectDone } from './support.mjs'

const running = useHavenAndBrowser('birmingham', haven => {
  // Six years pass for family F0003: its records were last used in 2019.
  haven.sql("UPDATE families SET last_used_at = '2019-06-01T10:00:00Z' WHERE reference = 'F0003'")
})

test('two members of management dispose of records past their time', async () => {
  const { haven, browser } = running
  const raj = await newPage(browser)
  await signIn(raj, haven, 'mgmt.raj')

  // The administrator proposes an account for a second manager, and learns no way into it. The
  // role takes effect when Raj, not the proposer, approves it; Raj is then given the set-up code
  // to hand over, with which Ola chooses her own password and is shown her second factor's
  // secret once. She sees nothing of any family before her DBS check is recorded (clauses 6, 7).
  const kim = await newPage(browser)
  await signIn(kim, haven, 'admin.kim')
  await kim.click('nav >> text=Volunteers')
  assert.equal(await kim.locator('#new_password').count(), 0, 'no password is chosen for anyone else')
  await kim.fill('#new_handle', 'mgmt.ola')
  await kim.fill('#display_name', 'Ola')
  await kim.selectOption('#role', 'management')
  await kim.click('button:has-text("Add account")')
  assert.equal(await kim.textContent('h1'), 'Account created')
  assert.match(await kim.textContent('main'), /takes effect when a manager/)
  assert.equal(await kim.locator('#setup-code').count(), 0, 'the proposer is given no set-up code')
  await checkPage(kim, 'account-created')
  await kim.click('nav >> text=Volunteers')
  assert.equal(await kim.locator('button:has-text("Approve Ola\'s role")').count(), 0, 'the proposer cannot approve')
  assert.equal(await kim.locator('button:has-text("Reset Ola\'s sign-in")').count(), 0, 'nor reset it')

  await raj.click('nav >> text=Volunteers')
  await checkPage(raj, 'volunteers')
  assert.match(await raj.textContent('#staff'), /Awaiting a manager's approval/)
  await raj.click('button:has-text("Approve Ola\'s role")')
  assert.match(await raj.textContent('h1'), /Role approved/)
  const code = (await raj.textContent('#setup-code')).trim()
  assert.match(code, /^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/)
  assert.match(await raj.textContent('main'), /works once, until \d{1,2} [A-Z][a-z]+ \d{4}/)
  await checkPage(raj, 'setup-code')
  await raj.click('text=Back to staff and volunteers')
  await raj.selectOption('#handle', 'mgmt.ola')
  await raj.fill('#certificate_number', '001234567890')
  await raj.fill('#issued_on_day', '1')
  await raj.fill('#issued_on_month', '10')
  await raj.fill('#issued_on_year', '2026')
  await raj.click('button:has-text("Record check")')
  await expectDone(raj, /DBS check recorded/)

  const ola = await newPage(browser, { phone: true })
  await ola.goto(haven.url + '/sign-in')
  await ola.click('text=Set up your account with your set-up code')
  await ola.fill('#handle', 'mgmt.ola')
  await ola.fill('#setup_code', code)
  await ola.fill('#password', 'a long enough first password')
  await ola.fill('#password_again', 'a long enough first passwort')
  await ola.click('button:has-text("Set up my account")')
  assert.match(await ola.textContent('#form-error'), /same password in both boxes/)
  assert.equal(await ola.inputValue('#handle'), 'mgmt.ola', 'what was typed is kept')
  await ola.fill('#setup_code', code)
  await ola.fill('#password', 'a long enough first password')
  await ola.fill('#password_again', 'a long enough first password')
  await ola.click('button:has-text("Set up my account")')
  assert.equal(await ola.textContent('h1'), 'Your account is ready')
  haven.secrets['mgmt.ola'] = (await ola.textContent('#totp-secret')).trim()
  assert.match(haven.secrets['mgmt.ola'], /^[A-Z2-7]{16,}$/)
  assert.equal(await ola.getAttribute('#totp-qr svg', 'role'), 'img', 'a QR code for the phone to scan')
  await checkPage(ola, 'account-ready')

  await raj.click('nav >> text=Retention')
  assert.match(await raj.textContent('#due'), /F0003\s*1 June 2019/)
  assert.doesNotMatch(await raj.textContent('#due'), /F0001|F0002/)
  await raj.click('button:has-text("Propose a disposal run")')
  await expectDone(raj, /Another member of management must approve/)
  const proposed = await raj.textContent('#runs')
  assert.match(proposed, /Proposed/)
  assert.match(proposed, /Raj/, 'staff by name, not by handle')
  assert.doesNotMatch(proposed, /mgmt\./)
  await checkPage(raj, 'retention-proposed')
  await raj.click('#runs a:has-text("See the run")')
  assert.match(await raj.textContent('#awaiting'), /other than the one who proposed it/)
  assert.equal(await raj.locator('button:has-text("Approve the run")').count(), 0, 'no approving one\'s own run')
  // A run for a day still to come is not offered: records go once they are due, never before.
  await raj.goto(haven.url + '/retention')
  await raj.fill('#as_of_day', '1')
  await raj.fill('#as_of_month', '1')
  await raj.fill('#as_of_year', '2032')
  await raj.click('button:has-text("Show")')
  assert.equal(await raj.locator('h2', { hasText: 'Due for destruction as of 1 January 2032' }).count(), 1)
  assert.equal(await raj.locator('button:has-text("Propose a disposal run")').count(), 0)
  assert.match(await raj.textContent('#future'), /today or an earlier day/)

  await signIn(ola, haven, 'mgmt.ola', 'a long enough first password')
  await ola.click('text=1 disposal run waits for your approval')
  await ola.click('#runs a:has-text("Check and approve")')
  assert.match(await ola.textContent('#run-families'), /F0003\s*1 June 2019/)
  assert.match(await ola.textContent('#destroyed'), /Session notes/)
  assert.match(await ola.textContent('#kept'), /Referral records/, 'Birmingham keeps referral records')
  await checkPage(ola, 'disposal-run-to-approve')
  await ola.click('button:has-text("Approve the run")')
  assert.match(await ola.textContent('#form-error'), /Confirm that you have checked the families/)
  await ola.check('#confirm')
  await ola.click('button:has-text("Approve the run")')
  await expectDone(ola, /Disposal run approved/)
  assert.match(await ola.textContent('#run'), /Approved by\s*Ola/)
  await ola.check('#confirm')
  await ola.click('button:has-text("Destroy the records")')
  await expectDone(ola, /certificate of destruction/)
  const certificate = await ola.textContent('#certificate')
  assert.match(await ola.textContent('#summary'),
    /^The records of 1 family were destroyed on \d{1,2} [A-Z][a-z]+ \d{4}, as clause 8 .* 5 years or more.* They were last used on 1 June 2019\.$/)
  assert.match(certificate, /Birmingham/, 'the centre it was done at')
  assert.match(await ola.textContent('#signatures'), /Proposed by\s*Raj,[\s\S]*Approved by\s*Ola,[\s\S]*Carried out by\s*Ola,/)
  assert.doesNotMatch(certificate, /Leanne|Cartwright|Gary|Holt|Mia|Osier|\["|stf_|fam_/)
  await checkPage(ola, 'certificate-of-destruction')

  const coordinator = await newPage(browser)
  await signIn(coordinator, haven, 'coord.amy')
  await coordinator.goto(haven.url + '/families?show=closed')
  const listed = await coordinator.locator('#families tr', { hasText: 'F0003' }).textContent()
  assert.match(listed, /Records destroyed on \d{1,2} [A-Z][a-z]+ \d{4} \(clause 8\)/)
  assert.match(listed, /Closed/)
  await coordinator.goto(haven.url + '/families/F0003')
  const remains = await coordinator.textContent('main')
  assert.doesNotMatch(remains, /Mia was shy|9:45am|09:45/, 'session notes and attendance are destroyed')
  assert.match(await coordinator.textContent('#disposed'), /destroyed on \d{1,2} [A-Z][a-z]+ \d{4} under clause 8/)
  assert.equal(await coordinator.locator('button:has-text("Book session")').count(), 0, 'nothing can be added')
  await checkPage(coordinator, 'destroyed-family')

  // The yearly review (clause 10): Raj gives the reviewed preset file, sees what it changes, and
  // adopts it only once confirmed; the version history keeps both versions.
  const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/London' })
  const reviewed = readFileSync(new URL('../../policies/birmingham.toml', import.meta.url), 'utf8')
    .replace('version = "2026.1"\nlast_reviewed = 2026-01-12', `version = "2026.2"\nlast_reviewed = ${today}`)
    .replace('recheck_years = 3', 'recheck_years = 2') +
    `\n[[policy.history]]\nversion = "2026.2"\nadopted = ${today}\nsummary = "DBS checks renewed every two years."\n`
  await raj.click('nav >> text=Policy')
  await raj.click('text=Adopt a new version of the policy')
  await raj.setInputFiles('#preset-file', { name: 'birmingham.toml', mimeType: 'text/plain', buffer: Buffer.from(reviewed) })
  // The chosen file fills the box (read by the page's script, as the browser delivers it).
  await raj.waitForFunction(() => document.getElementById('preset').value.includes('version = "2026.2"'))
  await raj.click('button:has-text("Check the changes")')
  assert.ok(await raj.locator('#diff ins').count() > 0, 'the lines the new version adds')
  assert.ok(await raj.locator('#diff del').count() > 0, 'and those it removes')
  await checkPage(raj, 'policy-adoption-check')
  await raj.click('button:has-text("Adopt version 2026.2")')
  assert.match(await raj.textContent('#form-error'), /Confirm that the centre adopts this version/)
  await raj.check('#confirm')
  await raj.click('button:has-text("Adopt version 2026.2")')
  await expectDone(raj, /new version of the policy is in force/)
  assert.match(await raj.textContent('#versions'), /Version 2026\.1[\s\S]*Version 2026\.2/)

  // A volunteer who leaves: Raj disables the account, and it can no longer sign in.
  await raj.click('nav >> text=Volunteers')
  assert.equal(await raj.locator('button:has-text("Disable Raj\'s account")').count(), 0, 'not one\'s own')
  await raj.click('button:has-text("Disable Noor\'s account")')
  await expectDone(raj, /Account disabled/)
  assert.match(await raj.locator('#staff tr', { hasText: 'Noor' }).textContent(), /Disabled/)
  const noor = await newPage(browser)
  await noor.goto(haven.url + '/sign-in')
  await noor.fill('#handle', 'vol.new')
  await noor.fill('#password', 'haven-demo-password')
  await noor.click('button:has-text("Sign in")')
  assert.equal(await noor.locator('#form-error').count(), 1, 'a disabled account signs in no more')
})

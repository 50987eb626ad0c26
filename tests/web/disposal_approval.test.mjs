// A disposal approved in the browser (clause 8): a family unused for more than five years is
// due; one member of management proposes the run, and cannot approve it; a second, whose account
// the administrator proposes and the first approves, approves it and carries it out; the certificate of destruction holds counts
// and dates, no names; the family's list entry says its records were destroyed, and its notes
// and attendance are gone.
import { test } from 'node:test'
import assert from 'node:assert/strict'
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
  await raj.fill('#issued_on', '2026-10-01')
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
  await checkPage(ola, 'account-ready')

  await raj.click('nav >> text=Retention')
  assert.match(await raj.textContent('#due'), /F0003\s*1 June 2019/)
  assert.doesNotMatch(await raj.textContent('#due'), /F0001|F0002/)
  await raj.click('button:has-text("Propose a disposal run")')
  await expectDone(raj, /Another member of management must approve/)
  const proposed = await raj.textContent('#runs')
  assert.match(proposed, /Proposed/)
  assert.match(proposed, /Another member of management must approve/)
  assert.equal(await raj.locator('#runs button:has-text("Approve")').count(), 0, 'no approving one\'s own run')
  await checkPage(raj, 'retention-proposed')

  await signIn(ola, haven, 'mgmt.ola', 'a long enough first password')
  await ola.click('text=1 disposal run waits for your approval')
  await ola.click('#runs button:has-text("Approve")')
  await expectDone(ola, /Disposal run approved/)
  assert.match(await ola.textContent('#runs'), /Approved\s*/)
  await ola.click('#runs button:has-text("Destroy the records")')
  await expectDone(ola, /certificate of destruction/)
  const certificate = await ola.textContent('#certificate')
  const entry = key => ola.locator('#certificate .govuk-summary-list__row', { hasText: key }).locator('dd').textContent()
  assert.equal(await entry('Families destroyed'), '1')
  assert.equal(await entry('Families skipped'), '0')
  assert.notEqual(await entry('Proposed by'), await entry('Approved by'), 'two different members of management')
  assert.doesNotMatch(certificate, /Leanne|Cartwright|Gary|Holt|Mia|Osier/)
  await checkPage(ola, 'certificate-of-destruction')

  const coordinator = await newPage(browser)
  await signIn(coordinator, haven, 'coord.amy')
  await coordinator.goto(haven.url + '/families?show=closed')
  const listed = await coordinator.locator('#families tr', { hasText: 'F0003' }).textContent()
  assert.match(listed, /Records destroyed on \d{1,2} [A-Z][a-z]+ \d{4} \(clause 8\)/)
  assert.match(listed, /Closed/)
  await coordinator.goto(haven.url + '/families/F0003')
  const remains = await coordinator.textContent('main')
  assert.doesNotMatch(remains, /Mia was shy|09:45/, 'session notes and attendance are destroyed')
  assert.match(await coordinator.textContent('#disposed'), /destroyed on \d{1,2} [A-Z][a-z]+ \d{4} under clause 8/)
  assert.equal(await coordinator.locator('button:has-text("Book session")').count(), 0, 'nothing can be added')
  await checkPage(coordinator, 'destroyed-family')
})

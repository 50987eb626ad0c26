// A West Wilts attendance request: the solicitor acting for the resident parent asks for
// attendance; the statement is released (clause 3) with the warning the policy requires, the
// same statement is queued for the other side's referrer, who has no account, and both show in the
// register; management is told the copies wait, opens one and records it as sent.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { useHavenAndBrowser, newPage, signIn, checkPage, expectDone, typeDate, daysFromToday } from './support.mjs'

// The London date `days` from today.
const london = days => new Date(Date.now() + days * 86400000).toLocaleDateString('en-CA', { timeZone: 'Europe/London' })
const running = useHavenAndBrowser('west-wilts')

test('a West Wilts attendance request is mirrored to the other side', async () => {
  const { haven, browser } = running
  const page = await newPage(browser)
  await signIn(page, haven, 'coord.amy')

  // The other parent's side has a referrer too: Cafcass, acting for Marcus.
  await page.goto(haven.url + '/families/F0001')
  await page.selectOption('#agency', 'cafcass')
  await page.fill('#referrer_name', 'Officer Lin')
  await page.selectOption('#acting_for', { label: 'Marcus (Non-resident parent)' })
  await typeDate(page, 'referred_on', daysFromToday(0))
  await page.click('button:has-text("Add referral")')
  await expectDone(page, /Referral recorded/)

  await page.click('text=Information requests and attendance statements')
  assert.match(await page.textContent('main'), /the other side receives the same attendance statement/)
  await checkPage(page, 'west-wilts-request-form')
  await page.selectOption('#recipient', { label: 'Solicitor, the referrer (acts for Resident parent)' })
  await page.check('#asked-attendance')
  await page.fill('#from', london(-30))
  await page.fill('#to', london(0))
  await page.click('button:has-text("Record and answer the request")')

  if (await page.locator('#form-error').count()) assert.fail(await page.textContent('#form-error'))
  assert.equal(await page.textContent('h1'), 'Information released')
  assert.match(await page.textContent('#warning'), /other/i)
  assert.match(await page.textContent('#mirrors'), /waits for you to send to the other side: their referrer has no account here/)
  const statement = await page.textContent('main')
  assert.match(statement, /Resident parent/)
  assert.match(statement, /9:45am/, 'arrival times are in the statement')
  assert.doesNotMatch(statement, /Joanna|Marcus|Ellie|Pemberton|Larkspur|settled quickly/,
    'the statement names parts, not people, and holds no notes')
  assert.match(await page.textContent('#notice'), /\S/)
  await checkPage(page, 'west-wilts-statement')

  // The same request as a PDF download.
  await page.goBack()
  await page.selectOption('#recipient', { label: 'Solicitor, the referrer (acts for Resident parent)' })
  await page.fill('#from', london(-30))
  await page.fill('#to', london(0))
  await page.check('#format-pdf')
  const [download] = await Promise.all([page.waitForEvent('download'),
    page.click('button:has-text("Record and answer the request")')])
  const chunks = []
  for await (const chunk of await download.createReadStream()) chunks.push(chunk)
  assert.equal(Buffer.concat(chunks).subarray(0, 5).toString(), '%PDF-')

  // Management sees the release and its mirror in the register.
  const manager = await newPage(browser)
  await signIn(manager, haven, 'mgmt.raj')
  await manager.click('nav >> text=Disclosures')
  const register = await manager.textContent('#register')
  assert.match(register, /Attendance \(copy for the other side\)/)
  assert.ok((register.match(/Released/g) || []).length >= 4, 'two releases, each with its mirror')
  await checkPage(manager, 'west-wilts-register')

  await manager.click('nav >> text=Home')
  assert.match(await manager.textContent('main'), /2 attendance statements wait to be sent to the other side's referrers/)
  await manager.click('nav >> text=Disclosures')
  await manager.click('#register a:has-text("waiting to be sent") >> nth=0')
  assert.match(await manager.textContent('h1'), /Send an attendance statement/)
  assert.match(await manager.textContent('#recipient'), /Officer Lin \(cafcass\)/i)
  assert.match(await manager.textContent('main'), /9:45am/)
  await checkPage(manager, 'west-wilts-statement-to-send')
  await manager.click('button:has-text("I have sent it")')
  await expectDone(manager, /recorded as sent/)
  assert.equal(await manager.locator('#register a:has-text("waiting to be sent")').count(), 1, 'one copy still waits')
})

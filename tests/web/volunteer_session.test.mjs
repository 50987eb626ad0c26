// A volunteer's session, on a phone-sized screen: the coordinator books today's session and puts
// the volunteer on the rota; the volunteer records arrivals and a departure and adds a note, and
// sees first names but never an address, and files a concern that reaches the safeguarding lead's
// home page at once. A volunteer without a DBS check sees nothing (clause 6),
// and a volunteer who strays to management pages is refused with the clause.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { useHavenAndBrowser, newPage, signIn, checkPage, expectDone, expectRefusal } from './support.mjs'

const running = useHavenAndBrowser('birmingham')

const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/London' })
// As a family's page shows a day: "5 December 2026".
const todayInWords = new Date().toLocaleDateString('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' })

test('a volunteer records a session on a phone', async () => {
  const { haven, browser } = running
  const coordinator = await newPage(browser)
  await signIn(coordinator, haven, 'coord.amy')
  await coordinator.goto(haven.url + '/families/F0001')
  await coordinator.fill('#day', today)
  await coordinator.fill('#starts', '16:00')
  await coordinator.fill('#ends', '17:00')
  await coordinator.fill('#room', 'Blue room')
  await coordinator.click('button:has-text("Book session")')
  await expectDone(coordinator, /Session booked/)
  await coordinator.click(`a:has-text("${todayInWords}, 16:00 to 17:00")`)
  await coordinator.selectOption('#handle', 'vol.sam')
  await coordinator.click('button:has-text("Add to rota")')
  await expectDone(coordinator, /Added to the rota/)

  const phone = await newPage(browser, { phone: true })
  await signIn(phone, haven, 'vol.sam')
  assert.equal(await phone.textContent('h2:has-text("Your sessions")'), 'Your sessions')
  // The demo's three sessions today have Sam on their rota too; nothing else shows.
  assert.equal(await phone.locator('#sessions a').count(), 4, 'only the sessions on the rota')
  const mine = phone.locator('#sessions a', { hasText: '16:00 to 17:00' })
  assert.match(await mine.textContent(), new RegExp(`${todayInWords} \\(today\\), 16:00 to 17:00, Blue room`))
  await checkPage(phone, 'volunteer-home-phone')

  await mine.click()
  const main = await phone.textContent('main')
  assert.match(main, /Joanna \(Resident parent\)/)
  assert.match(main, /Ellie \(Child\)/)
  assert.doesNotMatch(main, /Larkspur|Tealby|01632|07700|Pemberton/, 'no surnames, addresses or phones')
  assert.match(main, /Planned 15:45 to 17:15/, 'the resident parent is staggered 15 minutes')
  assert.match(main, /The parents must not meet/, 'the flag is shown at the door')
  assert.equal(await phone.getAttribute('a:has-text("Report a concern about this family")', 'href'), '/families/F0001/concerns')
  await checkPage(phone, 'volunteer-session-phone')

  await phone.click('button:has-text("Arrived: Joanna (Resident parent)")')
  await expectDone(phone, /Attendance recorded/)
  await phone.click('button:has-text("Arrived: Ellie (Child)")')
  await phone.click('button:has-text("Arrived: Marcus (Non-resident parent)")')
  await phone.click('button:has-text("Left: Marcus (Non-resident parent)")')
  await expectDone(phone, /Attendance recorded/)
  const marcus = await phone.locator('.haven-person', { hasText: 'Marcus' }).textContent()
  assert.match(marcus, /\bLeft\b/)
  assert.doesNotMatch(marcus, /left –/, 'the departure time is recorded')

  // Notes are written by the coordinator, not by volunteers (clause 1): no form is offered.
  assert.equal(await phone.locator('#body').count(), 0)
  await checkPage(phone, 'volunteer-session-recorded-phone')

  // The coordinator sees the same attendance on the family page, and adds the session note.
  await coordinator.goto(haven.url + '/families/F0001')
  const table = coordinator.locator('h3', { hasText: `${todayInWords}, 16:00` }).locator('xpath=following-sibling::div[1]/table')
  const row = await table.locator('tr', { hasText: 'Marcus (Non-resident parent)' }).textContent()
  assert.match(row, /Left/)
  await coordinator.click(`a:has-text("${todayInWords}, 16:00 to 17:00")`)
  await coordinator.fill('#body', 'Marcus brought a drawing for Ellie.')
  await coordinator.click('button:has-text("Add note")')
  await expectDone(coordinator, /Session note added/)
  assert.match(await coordinator.textContent('main'), /brought a drawing/)

  // A worry at the door: the volunteer files a concern from the phone, and it reaches the
  // safeguarding lead's home page at once; once she has read it, it is no longer new.
  await phone.click('a:has-text("Report a concern about this family")')
  await phone.check('#kind-welfare')
  await phone.fill('#summary', 'Ellie said she did not want to go home.')
  await phone.click('button:has-text("Record concern")')
  await expectDone(phone, /Concern recorded/)
  const lead = await newPage(browser)
  await signIn(lead, haven, 'safe.lee')
  const notice = lead.locator('#tasks a', { hasText: 'Welfare concern about family F0001' })
  assert.equal(await notice.count(), 1)
  assert.match(await lead.textContent('#waiting-count'), /1 new/)
  await checkPage(lead, 'safeguarding-home-new-concern')
  await notice.click()
  assert.match(await lead.textContent('main'), /did not want to go home/)
  await lead.goto(haven.url + '/')
  assert.equal(await lead.locator('#tasks a', { hasText: 'Welfare concern' }).count(), 0, 'read, so no longer new')

  // Pages for management refuse a volunteer, naming the clause.
  const response = await phone.goto(haven.url + '/retention')
  assert.equal(response.status(), 403)
  await expectRefusal(phone, '8')
  await checkPage(phone, 'volunteer-refused-retention')
  await phone.goto(haven.url + '/families/F0001/requests')
  await expectRefusal(phone, '1')
})

test('a volunteer with no DBS check sees no family information', async () => {
  const { haven, browser } = running
  const page = await newPage(browser, { phone: true })
  await signIn(page, haven, 'vol.new')
  await expectRefusal(page, '6')
  assert.match(await page.textContent('main'), /ask your coordinator to record your DBS check/, 'told what to do next')
  assert.equal(await page.locator('#sessions').count(), 0)
  await checkPage(page, 'unvetted-volunteer-home')
  const response = await page.goto(haven.url + '/families/F0002')
  assert.equal(response.status(), 403)
  await expectRefusal(page, '6')
  assert.doesNotMatch(await page.textContent('main'), /Priya|Okafor|Sam \(/)
})

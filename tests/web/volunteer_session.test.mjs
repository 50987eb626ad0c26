// A volunteer's session, on a phone-sized screen: the coordinator books today's session and puts
// the volunteer on the rota; the volunteer records arrivals and a departure and adds a note, and
// sees first names but never an address, and files a concern that reaches the safeguarding lead's
// home page at once. A volunteer without a DBS check sees nothing (clause 6),
// and a volunteer who strays to management pages is refused with the clause.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { useHavenAndBrowser, newPage, signIn, checkPage, expectDone, expectRefusal, bookSession, daysFromToday } from './support.mjs'

const running = useHavenAndBrowser('birmingham')

// As a family's page shows a day: "5 December 2026".
const todayInWords = new Date().toLocaleDateString('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' })

test('a volunteer records a session on a phone', async () => {
  const { haven, browser } = running
  const coordinator = await newPage(browser)
  await signIn(coordinator, haven, 'coord.amy')
  await coordinator.goto(haven.url + '/families/F0001')
  await bookSession(coordinator, daysFromToday(0), { starts: '16:00', ends: '17:00', room: 'Blue room' })
  await coordinator.click(`a:has-text("${todayInWords}, 4pm to 5pm")`)
  await coordinator.selectOption('#handle', 'vol.sam')
  await coordinator.click('button:has-text("Add to rota")')
  await expectDone(coordinator, /Added to the rota/)

  const phone = await newPage(browser, { phone: true })
  await signIn(phone, haven, 'vol.sam')
  assert.equal(await phone.textContent('h2:has-text("Your sessions")'), 'Your sessions')
  // The demo's three sessions today have Sam on their rota too; nothing else shows.
  assert.equal(await phone.locator('#sessions a').count(), 4, 'only the sessions on the rota')
  const mine = phone.locator('#sessions a', { hasText: '4pm to 5pm' })
  assert.match(await mine.textContent(), new RegExp(`${todayInWords} \\(today\\), 4pm to 5pm, Blue room`))
  await checkPage(phone, 'volunteer-home-phone')

  await mine.click()
  const main = await phone.textContent('main')
  assert.match(main, /Joanna \(Resident parent\)/)
  assert.match(main, /Ellie \(Child\)/)
  assert.doesNotMatch(main, /Larkspur|Tealby|01632|07700|Pemberton/, 'no surnames, addresses or phones')
  assert.match(main, /Planned 3:45pm to 5:15pm/, 'the resident parent is staggered 15 minutes')
  assert.match(main, /The parents must not meet/, 'the flag is shown at the door')
  assert.equal(await phone.getAttribute('a:has-text("Report a concern about this family")', 'href'), '/families/F0001/concerns')
  assert.equal(await phone.getAttribute('a:has-text("Record an accident")', 'href'), '/accidents')
  await checkPage(phone, 'volunteer-session-phone')

  // Each button is a target a thumb can hit: 44 CSS pixels or more each way.
  for (const box of await phone.locator('.haven-person .govuk-button').evaluateAll(
    buttons => buttons.map(b => b.getBoundingClientRect()).map(r => ({ width: r.width, height: r.height })))) {
    assert.ok(box.height >= 44 && box.width >= 44, `a touch target of ${box.width} by ${box.height}`)
  }
  await phone.click('button:has-text("Arrived: Joanna (Resident parent)")')
  await expectDone(phone, /Arrival recorded: Joanna \(Resident parent\) at \d{1,2}(:\d\d)?(am|pm)|Arrival recorded: Joanna \(Resident parent\) at midday/)
  // The page opens where the tap was, not at the top.
  assert.match(phone.url(), /#person-/)
  // The browser scrolls to the anchor once the page has loaded: wait for it (up to the page's
  // timeout) rather than sample the position once, which raced with that scroll.
  await phone.waitForFunction(() => window.scrollY > 0).catch(() => {})
  assert.ok(await phone.evaluate(() => window.scrollY) > 0, 'no jump back to the top')
  await phone.click('button:has-text("Arrived: Ellie (Child)")')
  await phone.click('button:has-text("Arrived: Marcus (Non-resident parent)")')
  await phone.click('button:has-text("Left: Marcus (Non-resident parent)")')
  await expectDone(phone, /Departure recorded: Marcus \(Non-resident parent\)/)
  const marcus = await phone.locator('.haven-person', { hasText: 'Marcus' }).textContent()
  assert.match(marcus, /\bLeft\b/)
  assert.doesNotMatch(marcus, /left –/, 'the departure time is recorded')

  // Notes are written by the coordinator, not by volunteers (clause 1): no form is offered.
  assert.equal(await phone.locator('#body').count(), 0)
  await checkPage(phone, 'volunteer-session-recorded-phone')

  // The day at a glance: each room's sessions with who comes when, the rota, and who is here now.
  const sessionUrl = phone.url()
  await phone.click('button:has-text("Menu")')
  await phone.click('nav >> text=Today')
  const blueRoom = phone.locator('.haven-room', { hasText: 'Blue room' })
  const late = blueRoom.locator('.haven-session', { hasText: '4pm to 5pm' })
  const lateText = await late.textContent()
  assert.match(lateText, /The parents must not meet/)
  assert.match(lateText, /On the rota: .*Sam/)
  assert.match(lateText, /Joanna \(resident parent\): arrives 3:45pm, leaves 5:15pm\. Arrived at \d{1,2}(:\d\d)?(am|pm)|midday/)
  assert.match(lateText, /Marcus \(non-resident parent\): arrives 4pm, leaves 5pm\. Left at/)
  assert.doesNotMatch(await phone.textContent('main'), /Pemberton|Okafor|Larkspur/, 'first names only')
  await checkPage(phone, 'volunteer-today-phone')
  await phone.click('a:has-text("Print the sign-in sheet for the door")')
  const sheet = phone.locator('.haven-sheet-session', { hasText: 'Blue room, 4pm to 5pm: family F0001' })
  assert.match(await sheet.textContent(), /Ellie \(child\)/)
  await checkPage(phone, 'volunteer-sign-in-sheet')
  await phone.emulateMedia({ media: 'print' })
  assert.equal(await phone.isVisible('header'), false, 'on paper, the sheet alone')
  assert.equal(await phone.isVisible('.haven-sheet-session >> nth=0'), true)
  await phone.emulateMedia({ media: 'screen' })
  await phone.goto(sessionUrl)

  // The coordinator sees the same attendance on the family page, and adds the session note.
  await coordinator.goto(haven.url + '/families/F0001')
  const table = coordinator.locator('h3', { hasText: `${todayInWords}, 4pm` }).locator('xpath=following-sibling::div[1]/table')
  const row = await table.locator('tr', { hasText: 'Marcus (Non-resident parent)' }).textContent()
  assert.match(row, /Left/)
  await coordinator.click(`a:has-text("${todayInWords}, 4pm to 5pm")`)
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

  // The lead passes it on to children's services (E1); management reviews the disclosure seeing
  // what went, to whom, why and under which concern, and records what the review found.
  await lead.goto(haven.url + '/families/F0001/concerns')
  await lead.fill('#agency_name', 'Birmingham duty team')
  await lead.fill('#justification', 'Ellie said she did not want to go home; the duty team asked for her first name.')
  await lead.check('#item-first')
  await lead.click('button:has-text("Make the exception disclosure")')
  await expectDone(lead, /disclos/i)
  const manager = await newPage(browser)
  await signIn(manager, haven, 'mgmt.raj')
  await manager.click('#tasks a:has-text("waits for management review")')
  await manager.locator('#register a', { hasText: /^Review the/ }).click()
  const shown = await manager.textContent('#disclosure')
  assert.match(shown, /Birmingham duty team \(children's services\)/)
  assert.match(shown, /First name/)
  assert.match(shown, /the duty team asked for her first name/)
  assert.match(shown, /Welfare concern recorded on/)
  assert.match(shown, /did not want to go home/)
  await checkPage(manager, 'management-exception-review')
  await manager.click('button:has-text("Record the review")')
  assert.match(await manager.textContent('#form-error'), /Choose what the review found/)
  await manager.check('#finding-proper')
  await manager.click('button:has-text("Record the review")')
  await expectDone(manager, /review of the disclosure is recorded/)
  assert.equal(await manager.locator('#register a', { hasText: /^Review the/ }).count(), 0, 'none waits any longer')
  await manager.locator('#register a', { hasText: /^Reviewed/ }).click()
  assert.match(await manager.textContent('#finding'), /It was needed/)

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

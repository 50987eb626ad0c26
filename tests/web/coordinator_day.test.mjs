// A coordinator's day: families, a new family with its people, a staggered session on the
// calendar, a name search that keeps the name out of the URL, a concern and the accident book.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startHaven, launchBrowser, newPage, signIn, checkPage, expectDone, bookSession, daysFromToday, typeDate } from './support.mjs'

let haven, browser, page
const visited = []
before(async () => {
  haven = await startHaven('birmingham')
  browser = await launchBrowser()
  page = await newPage(browser)
  page.on('request', r => visited.push(r.url()))
})
after(async () => {
  await browser?.close()
  await haven?.stop()
})

test('a coordinator runs the day from the browser', async () => {
  await signIn(page, haven, 'coord.amy')
  assert.equal(await page.textContent('h2:has-text("Sessions this week")'), 'Sessions this week')
  await checkPage(page, 'coordinator-home')

  await page.click('nav >> text=Families')
  assert.equal(await page.locator('#families tbody tr').count(), 3)
  await checkPage(page, 'coordinator-families')

  // A new family whose parents must not meet.
  await page.check('#must_not_meet')
  await page.click('button:has-text("Add family")')
  await page.waitForURL(/\/families\/F0004\?done=family_created$/)
  await expectDone(page, /Family added/)
  assert.match(await page.textContent('main'), /Parents must not meet:\s*Yes/)

  // A mistake keeps what was typed: the surname survives a missing first name.
  await page.check('#party-resident')
  await page.fill('#surname', 'Ashdown')
  await page.fill('#address', '7 Quillet Lane, Birmingham B99 5EE')
  await page.click('button:has-text("Add person")')
  assert.match(await page.textContent('#form-error'), /Enter a first name/)
  assert.equal(await page.getAttribute('#form-error a', 'href'), '#first_name', 'the summary leads to the field')
  assert.equal(await page.inputValue('#surname'), 'Ashdown')
  assert.equal(await page.inputValue('#address'), '7 Quillet Lane, Birmingham B99 5EE')
  await checkPage(page, 'coordinator-form-error')

  const addPerson = async (party, first, extra = {}) => {
    await page.check(`#party-${party}`)
    await page.fill('#first_name', first)
    await page.fill('#surname', 'Ashdown')
    for (const [field, value] of Object.entries(extra)) await page.fill(`#${field}`, value)
    await page.click('button:has-text("Add person")')
    await expectDone(page, /Person added/)
  }
  await addPerson('resident', 'Rosa', { address: '7 Quillet Lane, Birmingham B99 5EE' })
  await addPerson('non-resident', 'Owen', { phone: '07700 900099' })
  await page.check('#party-child')
  await page.fill('#first_name', 'Kit')
  await page.click('button:has-text("Add person")')
  assert.match(await page.textContent('#form-error'), /Enter the child's date of birth/)
  assert.equal(await page.getAttribute('#form-error a', 'href'), '#date_of_birth_day')
  await addPerson('child', 'Kit', { date_of_birth_day: '1', date_of_birth_month: '3', date_of_birth_year: '2020' })
  assert.equal(await page.locator('h3:has-text("Ashdown")').count(), 0, 'people are headed by first name')
  assert.match(await page.textContent('main'), /Rosa \(Resident parent\)/)

  // A session today, staggered: the resident parent comes 20 minutes early and leaves 20 late.
  await bookSession(page, daysFromToday(0), { starts: '14:00', ends: '15:30', room: 'Garden room', gap: '20' })
  await checkPage(page, 'coordinator-family')

  await page.click('nav >> text=Calendar')
  const session = page.locator('.haven-session', { hasText: 'F0004' })
  const plan = await session.textContent()
  assert.match(plan, /Resident parent: arrives 1:40pm, leaves 3:50pm/)
  assert.match(plan, /Non-resident parent: arrives 2pm, leaves 3:30pm/)
  assert.match(plan, /Child: arrives 1:40pm, leaves 3:50pm/)
  await checkPage(page, 'coordinator-calendar')

  // A handover only, three days on: the child leaves with the other parent and is brought back.
  await page.goto(haven.url + '/families/F0004')
  await bookSession(page, daysFromToday(3), { starts: '10am', ends: '4pm', room: 'Garden room', handover: true })
  assert.match(await page.textContent('main'), /Handover at 10am, back at 4pm, Garden room/)
  await page.click('a:has-text("Handover at 10am")')
  assert.match(await page.textContent('h1'), /^Handover on /)

  // Next week's session of another family is called off: it stays on the record, marked.
  await page.goto(haven.url + '/families/F0002')
  await page.locator('h3 a[href^="/sessions/"]').nth(2).click()
  assert.match(await page.textContent('main'), /Arrivals and departures can be recorded from the day of the session/)
  await page.click('button:has-text("Cancel session")')
  assert.match(await page.textContent('#form-error'), /why the session is cancelled/i, 'a reason is asked for')
  await page.check('#reason-child_unwell')
  await page.click('button:has-text("Cancel session")')
  await expectDone(page, /Session cancelled/)
  const todayInWords = new Date().toLocaleDateString('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' })
  assert.match(await page.textContent('main'), new RegExp(`Cancelled on ${todayInWords}: the child was unwell`))
  assert.equal(await page.locator('button:has-text("Cancel session")').count(), 0)
  await checkPage(page, 'coordinator-session-cancelled')

  // Finding a family by name: the name goes in the form body, never the address bar.
  // Part of any name will do; the list shows each family's names and the stage of its case.
  await page.click('nav >> text=Families')
  assert.match(await page.textContent('#found'), /^Open cases: 4 families\.$/, 'the demo\'s three and the one added')
  assert.match(await page.textContent('#families'), /Priya Okafor \(resident parent\)/)
  assert.match(await page.textContent('#families'), /Contact under way/)
  await page.fill('#name', 'ellie PEM')
  await page.click('button:has-text("Search")')
  assert.ok(!page.url().toLowerCase().includes('ellie'), 'the name stays out of the address')
  assert.match(await page.textContent('#found'), /^Open cases with that name: 1 family\.$/)
  assert.equal(await page.textContent('#families tbody a'), 'F0001')
  assert.match(await page.textContent('#families tbody'), /Ellie Pemberton \(child\)/)
  assert.equal(await page.inputValue('#name'), 'ellie PEM', 'what was typed stays in the box')
  await checkPage(page, 'coordinator-search')
  await page.selectOption('#show', 'closed')
  await page.click('button:has-text("Search")')
  assert.match(await page.textContent('#found'), /^Closed cases with that name: 0 families\.$/)

  // A concern, then the accident book.
  await page.goto(haven.url + '/families/F0001/concerns')
  await page.check('#kind-welfare')
  await page.fill('#summary', 'Ellie said she was frightened of going home.')
  await page.click('button:has-text("Record concern")')
  await expectDone(page, /Concern recorded/)
  await checkPage(page, 'coordinator-concerns')

  await page.click('nav >> text=Accident book')
  await typeDate(page, 'happened_on', daysFromToday(-1))
  await page.fill('#place', 'Garden room')
  await page.fill('#account', 'Grazed knee on the slide; cleaned and plastered.')
  await page.fill('#family_ref', 'F0002')
  await page.click('button:has-text("Add to the accident book")')
  assert.match(await page.textContent('#form-error'), /Enter the time it happened/)
  assert.equal(await page.getAttribute('#form-error a', 'href'), '#happened_time')
  assert.equal(await page.inputValue('#account'), 'Grazed knee on the slide; cleaned and plastered.', 'nothing typed is lost')
  await page.fill('#happened_time', '10:20am')
  await page.click('button:has-text("Add to the accident book")')
  await expectDone(page, /accident book/)
  assert.match(await page.textContent('main'), /10:20am/)
  await checkPage(page, 'coordinator-accidents')

  // The quarter's figures for NACCC: counts from the records, and the same as a spreadsheet.
  await page.click('nav >> text=Statistics')
  assert.match(await page.textContent('h1'), /^Statistics for [A-Z][a-z]+ to [A-Z][a-z]+ \d{4}$/)
  assert.match(await page.textContent('#figures'), /Sessions held\s*\d+/)
  assert.doesNotMatch(await page.textContent('main'), /Pemberton|Okafor|Ellie/, 'counts only')
  await checkPage(page, 'coordinator-statistics')
  const download = page.waitForEvent('download')
  await page.click('text=Download these figures as a spreadsheet (CSV)')
  assert.match((await download).suggestedFilename(), /^statistics-\d{4}-Q[1-4]\.csv$/)

  // The email Haven gave up sending, for the coordinator to send again (none here).
  await page.click('nav >> text=Email')
  assert.match(await page.textContent('h1'), /^Email that could not be sent$/)
  assert.match(await page.textContent('main'), /lists it here for 30 days/)
  assert.match(await page.textContent('#letters'), /Every email has been sent/)
  await checkPage(page, 'coordinator-email')

  // Emailed when something new waits: a mistake first, then the address, then stopped.
  await page.click('nav >> text=Home')
  await page.click('summary:has-text("Email me when something new waits for me")')
  await page.fill('#notices_email', 'amy at centre')
  await page.click('button:has-text("Email me")')
  assert.equal(await page.getAttribute('#form-error a', 'href'), '#notices_email')
  await page.fill('#notices_email', 'amy@centre.example')
  await page.click('button:has-text("Email me")')
  await expectDone(page, /at most once an hour/)
  await page.click('summary:has-text("Email me when something new waits for me")')
  assert.match(await page.textContent('#notices-email-address'), /amy@centre\.example/)
  await checkPage(page, 'coordinator-notices-email')
  await page.click('button:has-text("Stop these emails")')
  await expectDone(page, /no longer be emailed/)

  await page.click('button:has-text("Sign out")')
  await page.waitForURL(haven.url + '/sign-in')
  await page.goto(haven.url + '/families')
  assert.equal(new URL(page.url()).pathname, '/sign-in', 'signed out means signed out')

  for (const url of visited) assert.doesNotMatch(decodeURIComponent(url), /Ellie|Pemberton|Ashdown|Quillet|Rosa/)
  assert.doesNotMatch(haven.log(), /Ellie|Pemberton|Ashdown|Quillet|Rosa|F0001\/|haven-demo-password/)
})

// A family's whole journey from the browser, under both presets: a self-referral waits on the
// list, is offered a place, each parent's pre-visit and ground rules are recorded on different
// days, the intake papers are written, contact begins, a review is held and the case is closed.
// The dates are typed as day, month and year; a missing date is named and linked.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { useHavenAndBrowser, newPage, signIn, checkPage, expectDone, typeDate, bookSession } from './support.mjs'

const daysAgo = n => new Date(Date.now() - n * 86400000)
const inLondon = (d, options) => d.toLocaleDateString('en-GB', { timeZone: 'Europe/London', ...options })
const iso = d => d.toLocaleDateString('en-CA', { timeZone: 'Europe/London' })
const words = d => inLondon(d, { day: 'numeric', month: 'long', year: 'numeric' })


for (const preset of ['birmingham', 'west-wilts']) {
  const running = useHavenAndBrowser(preset)

  test(`a family goes from referral to closure (${preset})`, async () => {
    const { haven, browser } = running
    const page = await newPage(browser)
    await signIn(page, haven, 'coord.amy')

    // A self-referral: a new family, its parents and child, and the referral.
    await page.goto(haven.url + '/families')
    await page.check('#must_not_meet')
    await page.click('button:has-text("Add family")')
    await expectDone(page, /Family added/)
    const familyUrl = page.url().replace(/\?.*$/, '')
    for (const [party, first] of [['resident', 'Rosa'], ['non-resident', 'Owen'], ['child', 'Kit']]) {
      await page.check(`#party-${party}`)
      await page.fill('#first_name', first)
      await page.fill('#surname', 'Ashdown')
      if (party === 'child') await typeDate(page, 'date_of_birth', new Date('2020-03-01T12:00:00Z'))
      await page.click('button:has-text("Add person")')
      await expectDone(page, /Person added/)
    }
    await page.selectOption('#agency', 'self_referral')
    await typeDate(page, 'referred_on', daysAgo(30))
    await page.click('button:has-text("Add referral")')
    await expectDone(page, /Referral recorded/)
    assert.equal(await page.textContent('#case'), 'Case: Referred')

    // It waits for a place.
    await page.check('#step-waiting_list')
    await typeDate(page, 'on', daysAgo(28))
    await page.click('button:has-text("Record step")')
    await expectDone(page, /step is recorded/)
    assert.equal(await page.textContent('#case'), 'Case: On the waiting list')
    assert.match(await page.textContent('main'), new RegExp(`Since ${words(daysAgo(28))}: number 1 in line`))
    await page.goto(haven.url + '/waiting-list')
    assert.match(await page.textContent('#waiting'), new RegExp(`1\\s*F0004\\s*${words(daysAgo(28))}`))
    await checkPage(page, `${preset}-waiting-list`)

    // A place is offered; a missing date is named and linked to its field.
    await page.goto(familyUrl)
    await page.check('#step-place_offered')
    await page.click('button:has-text("Record step")')
    assert.match(await page.textContent('#form-error'), /Enter the date it happened/)
    assert.equal(await page.getAttribute('#form-error a', 'href'), '#on_day')
    assert.ok(await page.isChecked('#step-place_offered'), 'the step chosen is kept')
    await checkPage(page, `${preset}-journey-error`)
    await page.check('#step-place_offered')
    await typeDate(page, 'on', daysAgo(21))
    await page.click('button:has-text("Record step")')
    await expectDone(page, /step is recorded/)
    assert.equal(await page.textContent('#case'), 'Case: Intake')
    assert.match(await page.textContent('#to-begin'), /the resident parent's pre-visit/)
    await checkPage(page, `${preset}-intake`)

    // Each parent's pre-visit and ground rules, on different days.
    const parentStep = async (step, parent, when) => {
      await page.check(`#step-${step}`)
      await page.selectOption('#person_id', { label: parent })
      await typeDate(page, 'on', when)
      await page.click('button:has-text("Record step")')
      await expectDone(page, /step is recorded/)
    }
    await parentStep('pre_visit', 'Rosa (Resident parent)', daysAgo(14))
    await parentStep('ground_rules', 'Rosa (Resident parent)', daysAgo(14))
    await parentStep('pre_visit', 'Owen (Non-resident parent)', daysAgo(12))
    await parentStep('ground_rules', 'Owen (Non-resident parent)', daysAgo(12))
    assert.match(await page.textContent('main'), new RegExp(`Pre-visit: Owen \\(Non-resident parent\\)\\s*${words(daysAgo(12))}`))

    // The intake papers, read only by those who run the case.
    await page.fill('#risk_assessment_text', 'Handovers in separate rooms; Owen arrives fifteen minutes after Rosa.')
    await page.click('#risk_assessment ~ form button:has-text("Save")')
    await expectDone(page, /earlier version is kept/)
    await page.fill('#contact_plan_text', 'Fortnightly, two hours, in the garden room.')
    await page.click('#contact_plan ~ form button:has-text("Save")')
    await expectDone(page, /earlier version is kept/)
    assert.equal(await page.locator('#to-begin').count(), 0, 'intake is complete')

    // Contact begins, is reviewed, and the case closes.
    await page.check('#step-contact_begun')
    await typeDate(page, 'on', daysAgo(10))
    await page.click('button:has-text("Record step")')
    await expectDone(page, /step is recorded/)
    assert.equal(await page.textContent('#case'), 'Case: Contact under way')
    assert.match(await page.textContent('main'), /Next review due/)
    await checkPage(page, `${preset}-contact-under-way`)
    // Sessions: one today, one next week that is moved a day later; an arrival corrected.
    const book = (d, starts, ends) => bookSession(page, d, { starts, ends, room: 'Garden room' })
    await book(daysAgo(0), '4pm', '5pm')
    await book(daysAgo(-7), '16:00', '17:00')
    await page.locator('h3 a[href^="/sessions/"]', { hasText: words(daysAgo(-7)) }).click()
    await typeDate(page, 'move', daysAgo(-8))
    await page.click('button:has-text("Move session")')
    await expectDone(page, /Session moved/)
    assert.match(await page.textContent('h1'), new RegExp(`Session on ${words(daysAgo(-8))}`))
    await checkPage(page, `${preset}-session-moved`)
    await page.goto(familyUrl)
    await page.locator('h3 a[href^="/sessions/"]', { hasText: words(daysAgo(0)) }).click()
    await page.click('button:has-text("Arrived: Rosa")')
    await expectDone(page, /Arrival recorded: Rosa/)
    const rosa = page.locator('.haven-person', { hasText: 'Rosa' })
    await rosa.locator('summary').click()
    await rosa.locator('input[type="radio"][value="arrived"]').check()
    await rosa.locator('input[name^="time_"]').fill('3:40pm')
    await rosa.locator('select').selectOption('wrong_time')
    await rosa.locator('button:has-text("Correct")').click()
    await expectDone(page, /Corrected/)
    assert.match(await page.locator('.haven-person', { hasText: 'Rosa' }).textContent(),
      new RegExp(`Arrived 3:40pm[\\s\\S]*Corrected on ${words(daysAgo(0))} \\(the wrong time was recorded\\)`))
    await checkPage(page, `${preset}-attendance-corrected`)
    // Owen did not come: why is asked, from a short list.
    const owen = page.locator('.haven-person', { hasText: 'Owen' })
    await owen.locator('summary:has-text("Did not come")').click()
    await owen.locator('button:has-text("Record that they did not come")').click()
    assert.match(await page.textContent('#form-error'), /Choose why they did not come/)
    await page.locator('.haven-person', { hasText: 'Owen' }).locator('summary:has-text("Did not come")').click()
    await page.locator('.haven-person', { hasText: 'Owen' }).locator('label:has-text("They let us know")').click()
    await page.locator('.haven-person', { hasText: 'Owen' }).locator('button:has-text("Record that they did not come")').click()
    await expectDone(page, /Recorded: Owen \(Non-resident parent\) did not come \(they let us know\)/)
    await page.goto(familyUrl)

    await page.check('#step-reviewed')
    await typeDate(page, 'on', daysAgo(0))
    await page.click('button:has-text("Record step")')
    await expectDone(page, /step is recorded/)
    await page.check('#step-closed')
    await page.selectOption('#outcome', 'own_arrangements')
    await typeDate(page, 'on', daysAgo(0))
    await page.click('button:has-text("Record step")')
    await expectDone(page, /step is recorded/)
    assert.equal(await page.textContent('#case'), 'Case: Closed')
    assert.match(await page.textContent('main'), new RegExp(`${words(daysAgo(0))}: Moved on to their own arrangements`))
    assert.equal(await page.locator('button:has-text("Record step")').count(), 0, 'a closed case takes no more steps')
    await checkPage(page, `${preset}-closed`)
  })
}

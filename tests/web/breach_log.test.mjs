// The breach log in the browser, under both presets: a coordinator on a phone records a breach
// (a mistake in the form is shown with its field and loses nothing typed), later names another
// family and kind of data it touched, and reads the documents written from the policy; the home page counts
// down the 72 hours; management decide it is reportable and record the report with the
// Commissioner's reference; a volunteer is refused under clause 7. An attendance statement that
// went to the wrong recipient is reported from the disclosure register: it is marked recalled and
// Haven logs the breach, naming the family and the kind of data.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { useHavenAndBrowser, newPage, signIn, checkPage, expectDone, expectRefusal, typeDate, daysFromToday } from './support.mjs'

// The London date `days` from today.
const london = days => new Date(Date.now() + days * 86400000).toLocaleDateString('en-CA', { timeZone: 'Europe/London' })

for (const preset of ['birmingham', 'west-wilts']) {
  const running = useHavenAndBrowser(preset)

  test(`a breach is logged, counted down, decided and reported (${preset})`, async () => {
    const { haven, browser } = running
    const amy = await newPage(browser, { phone: true })
    await signIn(amy, haven, 'coord.amy')
    await amy.goto(haven.url + '/data-protection')
    assert.match(await amy.textContent('#breaches'), /No breach has been recorded/)
    await checkPage(amy, `${preset}-data-protection-empty`)
    for (const [link, words] of [['Record of processing activities', /How long it is kept/],
      ['Appropriate policy document', /Schedule 1, paragraph 18/]]) {
      await amy.click(`#documents a:has-text("${link}")`)
      assert.match(await amy.textContent('h1'), new RegExp(link))
      assert.match(await amy.textContent('#document'), words)
      assert.equal(await amy.getAttribute('a:has-text("Download as PDF")', 'href') !== null, true)
      await checkPage(amy, `${preset}-${link.split(' ')[0].toLowerCase()}-document`)
      await amy.click('text=Back to data protection')
    }
    await amy.click('text=Record a breach')
    await typeDate(amy, 'found_on', daysFromToday(-1))
    await amy.fill('#found_time', '11pm')
    await amy.fill('#what_happened', 'A letter about a session was emailed to the wrong school. The school deleted it.')
    await amy.fill('#families', 'F0001, F9999')
    await amy.check('#category_first_name')
    await amy.check('#category_session_times')
    await amy.click('button:has-text("Record the breach")')
    assert.match(await amy.textContent('#form-error'), /F9999 is not a family reference at this centre/)
    assert.equal(await amy.getAttribute('#form-error a', 'href'), '#families')
    assert.match(await amy.inputValue('#what_happened'), /wrong school/, 'nothing typed is lost')
    assert.ok(await amy.isChecked('#category_session_times'), 'nor anything chosen')
    await checkPage(amy, `${preset}-breach-error`)
    await amy.fill('#families', 'F0001')
    await amy.click('button:has-text("Record the breach")')
    await expectDone(amy, /The breach is in the log/)
    assert.match(await amy.textContent('#standing'), /Needs a decision: \d+ hours? left, until \d{2}:\d{2} on \d+ \w+ \d{4}/)
    assert.match(await amy.textContent('#breach'), /First names, session dates and times/)
    assert.equal(await amy.locator('button:has-text("Record the decision")').count(), 0, 'management decide')
    await checkPage(amy, `${preset}-breach`)
    // Another family turns out to be involved, and addresses too.
    await amy.click('#scope summary')
    await amy.fill('#families', 'F0001, F9999')
    await amy.check('#category_address')
    await amy.click('button:has-text("Save the families and kinds of data")')
    assert.match(await amy.textContent('#form-error'), /F9999 is not a family reference at this centre/)
    assert.equal(await amy.getAttribute('#form-error a', 'href'), '#families')
    assert.equal(await amy.inputValue('#families'), 'F0001, F9999', 'nothing typed is lost')
    await amy.fill('#families', 'F0001, F0002')
    await amy.click('button:has-text("Save the families and kinds of data")')
    await expectDone(amy, /The families and kinds of data are updated/)
    assert.match(await amy.textContent('#breach'), /F0001, F0002/)
    assert.match(await amy.textContent('#breach'), /First names, addresses, session dates and times/)

    const raj = await newPage(browser)
    await signIn(raj, haven, 'mgmt.raj')
    assert.match(await raj.textContent('main'), /A data breach needs management's decision on whether to tell the Information Commissioner, by \d{2}:\d{2} on \d+ \w+ \d{4} \(\d+ hours left\)/)
    await raj.click('a:has-text("A data breach needs management\'s decision")')
    assert.match(await raj.textContent('h1'), /Data protection/)
    await raj.click('#breaches a')
    await raj.click('button:has-text("Record the decision")')
    assert.match(await raj.textContent('#form-error'), /Choose whether the breach is reportable/)
    await raj.check('#decision')
    await raj.fill('#reason', "Children's first names and session times reached a third party.")
    await raj.click('button:has-text("Record the decision")')
    await expectDone(raj, /Your decision is recorded/)
    assert.match(await raj.textContent('#standing'), /Reportable, not yet reported/)
    await checkPage(raj, `${preset}-breach-reportable`)
    await typeDate(raj, 'reported_on', daysFromToday(-1))
    await raj.fill('#reported_time', '11:30pm')
    await raj.fill('#ico_reference', 'IC-246810')
    await raj.click('button:has-text("Record the report")')
    await expectDone(raj, /report to the Information Commissioner is recorded/)
    assert.match(await raj.textContent('#reported'), /reference IC-246810/)
    await raj.goto(haven.url + '/')
    assert.doesNotMatch(await raj.textContent('main'), /data breach/, 'nothing is left to count down')

    const sam = await newPage(browser)
    await signIn(sam, haven, 'vol.sam')
    assert.equal(await sam.locator('nav >> text=Data protection').count(), 0)
    await sam.goto(haven.url + '/data-protection')
    await expectRefusal(sam, 7)
    for (const page of [amy, raj, sam]) await page.context().close()
  })
}

for (const preset of ['birmingham', 'west-wilts']) {
  const running = useHavenAndBrowser(preset)

  test(`a statement sent to the wrong recipient is recalled and logged as a breach (${preset})`, async () => {
    const { haven, browser } = running
    const amy = await newPage(browser, { phone: true })
    await signIn(amy, haven, 'coord.amy')
    await amy.goto(haven.url + '/families/F0001/requests')
    await amy.selectOption('#recipient', { label: 'Solicitor, the referrer (acts for Resident parent)' })
    await amy.check('#asked-attendance')
    await amy.fill('#from', london(-30))
    await amy.fill('#to', london(0))
    await amy.click('button:has-text("Record and answer the request")')
    assert.equal(await amy.textContent('h1'), 'Information released')

    await amy.goto(haven.url + '/disclosures')
    await amy.click('#register a:has-text("Report a wrong recipient")')
    assert.match(await amy.textContent('h1'), /Report a disclosure sent to the wrong recipient/)
    assert.match(await amy.textContent('#disclosure'), /Attendance/)
    await checkPage(amy, `${preset}-recall`)
    await amy.fill('#what_happened', 'Emailed to another solicitor by mistake. They confirmed they deleted it unread.')
    await amy.click('button:has-text("Mark it recalled and log the breach")')
    assert.match(await amy.textContent('#form-error'), /the day it was found/i)
    assert.match(await amy.inputValue('#what_happened'), /deleted it unread/, 'nothing typed is lost')
    await typeDate(amy, 'found_on', daysFromToday(0))
    await amy.fill('#found_time', '12:00am')
    await amy.click('button:has-text("Mark it recalled and log the breach")')
    assert.match(await amy.textContent('#form-error'), /cannot be before the disclosure was made/)
    assert.equal(await amy.getAttribute('#form-error a', 'href'), '#found_time')
    await amy.fill('#found_time', new Date().toLocaleTimeString('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' }))
    await amy.click('button:has-text("Mark it recalled and log the breach")')
    await expectDone(amy, /Haven has logged it as a breach/)
    assert.match(await amy.textContent('#breach'), /F0001/)
    assert.match(await amy.textContent('#breach'), /Arrival and departure times/i)
    assert.match(await amy.textContent('#breach'), /went to the wrong recipient and was recalled/)
    assert.match(await amy.textContent('#breach'), /Haven, from what Amy reported/)
    await checkPage(amy, `${preset}-recalled-breach`)

    await amy.goto(haven.url + '/disclosures')
    assert.match(await amy.textContent('#register'), /then recalled: it went to the wrong recipient/)
    assert.equal(await amy.locator('#register a:has-text("Report a wrong recipient")').count(), 0,
      'a recalled statement is not recalled twice')
    await amy.click('#register a:has-text("See the breach")')
    assert.match(await amy.textContent('h1'), /Data breach/)
    assert.match(amy.url(), /\/data-protection\/breaches\/brc_/)
    await amy.context().close()
  })
}

// Requests for records in the browser, under both presets: a child's request logged for the local
// authority shows on the data protection page with the day its answer is due; the coordinator stops
// the clock while waiting for proof of identity, restarts it (the due day moves on), records the
// identity check and extends the time with a reason; a mistake is shown with its field.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { useHavenAndBrowser, newPage, signIn, checkPage, expectDone, typeDate, daysFromToday } from './support.mjs'

const isoDay = date => date.toLocaleDateString('en-CA', { timeZone: 'Europe/London' })

for (const preset of ['birmingham', 'west-wilts']) {
  const running = useHavenAndBrowser(preset)

  test(`a request for records runs its clock (${preset})`, async () => {
    const { haven, browser } = running
    const amy = await newPage(browser, { phone: true })
    await signIn(amy, haven, 'coord.amy')
    const family = await (await amy.request.get(haven.url + '/api/v1/families/F0001')).json()
    const child = family.people.find(p => p.party === 'child').id
    const csrf = await amy.inputValue('input[name=csrf]')
    const made = await amy.request.post(haven.url + '/api/v1/records-requests', {
      data: { family: 'F0001', person: child, received_on: isoDay(daysFromToday(-10)), received_how: 'local_authority' },
      headers: { 'X-CSRF-Token': csrf }
    })
    assert.equal(made.status(), 201, await made.text())

    await amy.goto(haven.url + '/data-protection')
    assert.match(await amy.textContent('#requests'), /Child.*from the local authority.*Answer due by \d+ \w+ \d{4}/s)
    await amy.click('#requests a')
    const due = (await amy.textContent('#standing')).trim()
    assert.match(due, /^Answer due by/)
    await checkPage(amy, `${preset}-records-request`)

    await typeDate(amy, 'stopped_on', daysFromToday(-8))
    await amy.click('button:has-text("Stop the clock")')
    assert.match(await amy.textContent('#form-error'), /Choose what the centre is waiting for/)
    await amy.check('#waiting_for-identity')
    await amy.click('button:has-text("Stop the clock")')
    await expectDone(amy, /The request's clock is updated/)
    assert.match(await amy.textContent('#standing'), /Clock stopped on \d+ \w+ \d{4}, waiting for proof of identity/)
    await typeDate(amy, 'restarted_on', daysFromToday(-3))
    await amy.click('button:has-text("Restart the clock")')
    await expectDone(amy, /clock is updated/)
    const moved = (await amy.textContent('#standing')).trim()
    assert.notEqual(moved, due, 'the due day moved on by the days the clock stood')
    assert.match(await amy.textContent('#request'), /Stopped on .* waiting for proof of identity, restarted on/)
    await typeDate(amy, 'identity_on', daysFromToday(-3))
    await amy.click('button:has-text("Record the identity check")')
    await expectDone(amy, /clock is updated/)
    await amy.check('#months-1')
    await amy.click('button:has-text("Extend the time")')
    assert.match(await amy.textContent('#form-error'), /reason for the extension/)
    assert.ok(await amy.isChecked('#months-1'), 'the choice is kept')
    await amy.fill('#reason', 'Several years of records to read.')
    await amy.click('button:has-text("Extend the time")')
    await expectDone(amy, /clock is updated/)
    assert.match(await amy.textContent('#request'), /1 month.*Several years of records to read/s)
    await checkPage(amy, `${preset}-records-request-extended`)
    await amy.context().close()
  })
}

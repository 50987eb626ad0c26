// Referrers' accounts, under both presets, with a real mail server: a coordinator gives the
// solicitor of family F0001 an account from the family's page; the solicitor sets a password with
// the emailed set-up code, signs in with it and an emailed code, sees the referral and nothing else
// of the family, asks for an attendance statement (warned first where the other side receives the
// same), and reads it; when the coordinator ends the solicitor's access, they are signed out.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { useHavenAndBrowser, newPage, checkPage, expectDone, signIn, typeDate, daysFromToday } from './support.mjs'

const password = 'seven quiet harbour lanterns'

for (const preset of ['birmingham', 'west-wilts']) {
  const running = useHavenAndBrowser(preset, () => {}, { mail: true })

  test(`a referrer is invited, signs in and asks for attendance (${preset})`, async () => {
    const { haven, browser, mail } = running
    const desk = await newPage(browser)
    await signIn(desk, haven, 'coord.amy')
    await desk.goto(haven.url + '/families/F0001')
    await desk.click('summary:has-text("Give a referrer an account")')
    await desk.fill('#invite_email', 'not an address')
    await desk.click('button:has-text("Email an invitation")')
    assert.match(await desk.textContent('#form-error'), /correct format/)
    assert.equal(await desk.getAttribute('#form-error a', 'href'), '#invite_email')
    assert.ok(await desk.isVisible('#invite_email'), 'the form with the mistake stays open')
    await desk.fill('#invite_email', 'pat@law.example')
    await desk.click('button:has-text("Email an invitation")')
    await expectDone(desk, /The referrer has been emailed/)
    assert.match(await desk.textContent('#referrals'), /Invited: p•••@law\.example/, 'the address shows enough to spot a typo')
    await desk.context().close()

    const invitation = await mail.letterTo('pat@law.example')
    assert.doesNotMatch(invitation.data, /F0001|Joanna|Pemberton/, 'an invitation carries no family data')
    const setUpCode = invitation.data.match(/([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})/)[1]

    const phone = await newPage(browser, { phone: true })
    await phone.goto(haven.url + '/public')
    await phone.click('text=Referrers: sign in to follow your referrals')
    await checkPage(phone, `${preset}-referrer-sign-in`)
    await phone.click('a:has-text("Set up your account")')
    await phone.fill('#email', 'pat@law.example')
    await phone.fill('#code', setUpCode)
    await phone.fill('#password', password)
    await phone.fill('#password_again', 'something else entirely')
    await phone.click('button:has-text("Set up my account")')
    assert.match(await phone.textContent('#form-error'), /the same password twice/)
    await checkPage(phone, `${preset}-referrer-set-up-error`)
    await phone.fill('#password', password)
    await phone.fill('#password_again', password)
    await phone.click('button:has-text("Set up my account")')
    assert.match(await phone.textContent('main'), /Your account is set up/)

    await phone.fill('#email', 'pat@law.example')
    await phone.fill('#password', password)
    await phone.click('button:has-text("Continue")')
    assert.match(await phone.textContent('h1'), /Check your email/)
    const letter = await mail.letterTo('pat@law.example', { after: 1 })
    await phone.fill('#code', letter.data.match(/code is (\d{6})/)[1])
    await phone.click('button:has-text("Sign in")')
    assert.match(await phone.textContent('h1'), /Your referrals/)
    const home = await phone.textContent('main')
    assert.match(home, /Family F0001/)
    for (const secret of ['Joanna', 'Pemberton', 'Larkspur', '01632'])
      assert.ok(!home.includes(secret), `nothing of the family beyond its reference: ${secret}`)
    await checkPage(phone, `${preset}-referrer-home`)

    await phone.click('a:has-text("Ask for an attendance statement")')
    await typeDate(phone, 'from', daysFromToday(-60))
    await typeDate(phone, 'to', daysFromToday(0))
    if (preset === 'west-wilts') {
      assert.match(await phone.textContent('#shared-warning'), /will receive this same statement/)
      await phone.click('button:has-text("Ask for the statement")')
      assert.equal(await phone.getAttribute('#form-error a', 'href'), '#understood')
      await checkPage(phone, `${preset}-referrer-ask-error`)
      await phone.check('#understood')
    } else {
      assert.equal(await phone.locator('#shared-warning').count(), 0, 'this policy gives the statement to the asker alone')
    }
    await phone.click('button:has-text("Ask for the statement")')
    await expectDone(phone, /Your attendance statement is below/)
    assert.match(await phone.textContent('h1'), /Your attendance statement/)
    assert.match(await phone.textContent('main'), /family F0001/)
    await checkPage(phone, `${preset}-referrer-statement`)
    const [download] = await Promise.all([phone.waitForEvent('download'),
      phone.click('a:has-text("Download the statement (PDF)")')])
    const chunks = []
    for await (const chunk of await download.createReadStream()) chunks.push(chunk)
    assert.equal(Buffer.concat(chunks).subarray(0, 5).toString(), '%PDF-')

    await phone.click('a:has-text("Back to your referrals")')
    assert.match(await phone.textContent('main'), /sent \d+ \w+ \d{4}/)

    // The solicitor moves on: the coordinator ends their access, and they are signed out at once.
    const desk2 = await newPage(browser)
    await signIn(desk2, haven, 'coord.amy')
    await desk2.goto(haven.url + '/families/F0001')
    await desk2.click('#referrals summary:has-text("End access")')
    await desk2.click('#referrals button:has-text("End their access")')
    await expectDone(desk2, /no longer follows this referral/)
    assert.equal(await desk2.locator('#referrals summary:has-text("End access")').count(), 0)
    await checkPage(desk2, `${preset}-referrer-access-ended`)
    await desk2.context().close()
    await phone.reload()
    assert.match(await phone.textContent('h1'), /Sign in to follow your referrals/)
    await phone.context().close()
  })
}

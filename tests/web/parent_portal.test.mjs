// The parents' portal, under both presets, with a real mail server: a parent on a phone asks for a
// code, reads it from the email, signs in, sees their case (the centre's record that they were
// given the policy), gives permission for their phone to go to a Cafcass officer, withdraws it,
// and signs out. A parent new to the centre confirms in the portal that they have read the policy.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { useHavenAndBrowser, newPage, checkPage, expectDone, signIn } from './support.mjs'

for (const preset of ['birmingham', 'west-wilts']) {
  const running = useHavenAndBrowser(preset, () => {}, { mail: true })

  test(`a parent signs in with an emailed code and keeps their own permissions (${preset})`, async () => {
    const { haven, browser, mail } = running
    const phone = await newPage(browser, { phone: true })
    await phone.goto(haven.url + '/public')
    await phone.click('text=Parents: sign in to see your case')
    await checkPage(phone, `${preset}-portal-sign-in`)
    await phone.fill('#email', 'Dan@Example.org')
    await phone.click('button:has-text("Send me a code")')
    assert.match(await phone.textContent('h1'), /Check your email/)
    await checkPage(phone, `${preset}-portal-code`)
    const letter = await mail.letterTo('Dan@Example.org')
    assert.ok(letter.secure, 'sent over STARTTLS')
    assert.doesNotMatch(letter.data, /Okafor|Daniel/, 'an email carries no family data')
    const code = letter.data.match(/code is (\d{6})/)[1]

    await phone.fill('#code', code === '000000' ? '111111' : '000000')
    await phone.click('button:has-text("Sign in")')
    assert.match(await phone.textContent('#form-error'), /That code is wrong or has expired/)
    await phone.fill('#code', code)
    await phone.click('button:has-text("Sign in")')
    assert.match(await phone.textContent('h1'), /Hello Daniel/)
    assert.match(await phone.textContent('#stage'), /\S/)
    assert.match(await phone.textContent('#sessions'), /\d{4}/, 'the sessions booked, with their dates')
    const page = await phone.textContent('main')
    for (const other of ['Priya', 'Wrenfield', '01632 960003', 'Tomas Reyes', 'Sam asked'])
      assert.ok(!page.includes(other), `nothing of the other parent or the notes: ${other}`)
    await checkPage(phone, `${preset}-portal-home`)

    assert.ok((await phone.locator('#ground-rules li').count()) >= 5, 'the ground rules are shown with the policy')
    assert.match(await phone.textContent('#ground-rules'), /never ask the child to carry messages/)
    // He signed the ground rules, with the policy, at his pre-visit: the centre's record of it stands.
    assert.match(await phone.textContent('#policy-status'), /The centre recorded on \d+ \w+ \d{4} that you were given version 2026\.1 of the policy/)
    assert.equal(await phone.locator('button:has-text("agree to the ground rules")').count(), 0, 'nothing more to confirm')

    await phone.click('button:has-text("Ask for a copy of your records")')
    await expectDone(phone, /within one month/)
    assert.match(await phone.textContent('#records-status'), /must send it to you by \d+ \w+ \d{4}/)
    assert.equal(await phone.locator('button:has-text("Ask for a copy of your records")').count(), 0, 'once, until answered')

    await phone.click('a:has-text("Give permission")')
    assert.ok(await phone.locator('label:has-text("The other parent")').count(), 'both policies allow it with permission')
    await phone.click('button:has-text("Give permission")')
    assert.match(await phone.textContent('#form-error'), /Choose which of your details/)
    assert.equal(await phone.getAttribute('#form-error a', 'href'), '#field')
    await checkPage(phone, `${preset}-portal-permission-error`)
    await phone.check('#field-phone')
    await phone.check('label:has-text("A Cafcass officer")')
    await phone.fill('#named', 'Sam Patel, Cafcass')
    await phone.click('button:has-text("Give permission")')
    await expectDone(phone, /Your permission is recorded/)
    const row = phone.locator('#permissions .haven-permission')
    assert.equal(await row.count(), 1)
    assert.match(await row.textContent(), /Your phone number.*A Cafcass officer you named.*Given/s)
    await checkPage(phone, `${preset}-portal-permission-given`)

    await phone.click('button:has-text("Withdraw")')
    await expectDone(phone, /Your permission is withdrawn/)
    assert.match(await row.textContent(), /Withdrawn \d+ \w+ \d{4}/)
    assert.equal(await phone.locator('button:has-text("Withdraw")').count(), 0)

    await phone.click('button:has-text("Sign out")')
    assert.match(await phone.textContent('h1'), /Sign in to see your case/)
    await phone.goto(haven.url + '/portal/' + new URL(phone.url()).pathname.split('/')[2])
    assert.match(await phone.textContent('h1'), /Sign in to see your case/, 'signed out, the portal asks again')
    await phone.context().close()
  })

  test(`a new parent confirms the policy in the portal (${preset})`, async () => {
    const { haven, browser, mail } = running
    const desk = await newPage(browser)
    await signIn(desk, haven, 'coord.amy')
    await desk.click('nav >> text=Families')
    await desk.click('button:has-text("Add family")')
    await expectDone(desk, /Family added/)
    await desk.check('#party-resident')
    await desk.fill('#first_name', 'Nadia')
    await desk.fill('#surname', 'Quill')
    await desk.fill('#email', 'nadia@example.org')
    await desk.click('button:has-text("Add person")')
    await expectDone(desk, /Person added/)
    await desk.context().close()

    const phone = await newPage(browser, { phone: true })
    await phone.goto(haven.url + '/public')
    await phone.click('text=Parents: sign in to see your case')
    await phone.fill('#email', 'nadia@example.org')
    await phone.click('button:has-text("Send me a code")')
    const letter = await mail.letterTo('nadia@example.org')
    await phone.fill('#code', letter.data.match(/code is (\d{6})/)[1])
    await phone.click('button:has-text("Sign in")')
    assert.match(await phone.textContent('h1'), /Hello Nadia/)
    await phone.click('button:has-text("I have read the policy and agree to the ground rules")')
    await expectDone(phone, /What you confirmed is recorded/)
    assert.match(await phone.textContent('#policy-status'), /You confirmed on \d+ \w+ \d{4} that you have read version 2026\.1/)
    assert.equal(await phone.locator('button:has-text("agree to the ground rules")').count(), 0, 'once per version')
    await checkPage(phone, `${preset}-portal-confirmed`)
    await phone.context().close()
  })
}

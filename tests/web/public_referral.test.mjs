// The public side, under both presets: without signing in, a parent reads the centre's policy
// and applies for a place on a phone; the other parent's solicitor applies separately; each is
// answered with a reference only. The coordinator finds both on the waiting list, takes the first
// in as a new family and adds the second to it, so one family holds both parents.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { useHavenAndBrowser, newPage, signIn, checkPage, expectDone, typeDate } from './support.mjs'

const born = new Date('2019-04-03T12:00:00Z')

// Fills in the referral form as a person would: radios and boxes ticked, choices picked, text typed.
async function fillIn (page, { check = [], select = {}, fill = {} }) {
  for (const box of check) await page.check(box)
  for (const [field, value] of Object.entries(select)) await page.selectOption(field, value)
  for (const [field, value] of Object.entries(fill)) await page.fill(field, value)
}

for (const preset of ['birmingham', 'west-wilts']) {
  const running = useHavenAndBrowser(preset)

  test(`two applications through the public form become one family (${preset})`, async () => {
    const { haven, browser } = running

    // A father, on his phone: the policy first, then the form.
    const phone = await newPage(browser, { phone: true })
    await phone.goto(haven.url + '/public')
    assert.match(await phone.textContent('h1'), /confidentiality policy$/)
    assert.ok(await phone.locator('#clause-4').count(), 'every clause is there, anchored')
    await checkPage(phone, `${preset}-public-policy`)
    await phone.click('text=Apply for a place at the centre')
    await fillIn(phone, {
      check: ['#applicant', '#parent_party-non_resident_parent'],
      fill: { '#contact_email': 'tom.reed@example.org', '#parent_first_name': 'Tom', '#parent_surname': 'Reed', '#child1_first_name': 'Lily' }
    })
    await phone.click('button:has-text("Send application")')
    assert.match(await phone.textContent('#form-error'), /Enter the child's date of birth/)
    assert.equal(await phone.getAttribute('#form-error a', 'href'), '#child1_born_day')
    assert.equal(await phone.inputValue('#parent_surname'), 'Reed', 'nothing typed is lost')
    assert.ok(await phone.isChecked('#applicant'), 'nor anything chosen')
    await checkPage(phone, `${preset}-public-referral-error`)
    await typeDate(phone, 'child1_born', born)
    await phone.fill('#availability', 'Saturday mornings')
    await phone.click('button:has-text("Send application")')
    const fathers = await phone.textContent('#reference')
    assert.match(fathers, /^A-[0-9A-F]{6}$/)
    assert.doesNotMatch(await phone.textContent('main'), /Reed|Lily/, 'nothing is shown back')
    await checkPage(phone, `${preset}-public-referral-received`)

    // The mother's solicitor, on a laptop.
    const solicitor = await newPage(browser)
    await solicitor.goto(haven.url + '/public')
    await solicitor.click('text=Apply for a place at the centre')
    await fillIn(solicitor, {
      check: ['#applicant-professional', '#parent_party', '#domestic_abuse'],
      select: { '#agency': 'solicitor' },
      fill: {
        '#referrer_name': 'Ann Law',
        '#organisation': 'Law and Co',
        '#contact_email': 'ann@lawandco.example',
        '#parent_first_name': 'Jess',
        '#parent_surname': 'Reed',
        '#parent_address': '1 Elm Row',
        '#child1_first_name': 'Lily'
      }
    })
    await typeDate(solicitor, 'child1_born', born)
    await checkPage(solicitor, `${preset}-public-referral-form`)
    await solicitor.click('button:has-text("Send application")')
    const mothers = await solicitor.textContent('#reference')
    assert.notEqual(mothers, fathers)

    // The coordinator takes the father's in as a new family, then adds the mother's to it.
    const page = await newPage(browser)
    await signIn(page, haven, 'coord.amy')
    await page.goto(haven.url + '/waiting-list')
    assert.equal(await page.locator('#applications tbody tr').count(), 2)
    await page.click(`#applications a:has-text("${fathers}")`)
    assert.match(await page.textContent('#application'), /Tom Reed/)
    assert.match(await page.textContent('#application'), /Lily, born 3 April 2019/)
    await checkPage(page, `${preset}-application`)
    await page.click('button:has-text("Take in the application")')
    await expectDone(page, /application is taken in/)
    const family = (await page.textContent('h1')).match(/F\d{4}/)[0]
    assert.match(await page.textContent('#case'), /On the waiting list/)

    await page.goto(haven.url + '/waiting-list')
    await page.click(`#applications a:has-text("${mothers}")`)
    assert.match(await page.textContent('#application'), /Law and Co/)
    await page.fill('#into', family)
    await page.click('button:has-text("Take in the application")')
    await expectDone(page, /application is taken in/)
    const main = await page.textContent('main')
    assert.match(main, /Tom \(Non-resident parent\)/)
    assert.match(main, /Jess \(Resident parent\)/)
    assert.equal((main.match(/Lily \(Child\)/g) || []).length, 1, 'the child is not added twice')
    // Both forms are read from the family's page, as they were received.
    assert.equal(await page.locator('a:has-text("Application A-")').count(), 2)
    await page.click(`a:has-text("Application ${fathers}")`)
    assert.match(await page.textContent('#application'), /Saturday mornings/)
    await page.goto(haven.url + '/waiting-list')
    assert.equal(await page.locator('#applications').count(), 0, 'nothing left to take in')
  })
}

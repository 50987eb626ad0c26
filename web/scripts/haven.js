// Haven's only script, loaded as a module (the Content Security Policy allows no inline script).
// Pages work without it; with it, GOV.UK Frontend's components (the navigation menu on small
// screens, error summaries) are enhanced.
import { initAll } from '/assets/govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()

// A file chosen in an input marked data-fills="ID" is read into the text box with that id, so
// that a form sent as plain fields carries the file's text (the box can be pasted into instead).
for (const input of document.querySelectorAll('input[type="file"][data-fills]')) {
  input.addEventListener('change', async () => {
    const box = document.getElementById(input.dataset.fills)
    if (box && input.files.length > 0) box.value = await input.files[0].text()
  })
}

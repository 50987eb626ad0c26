// Haven's only script, loaded as a module (the Content Security Policy allows no inline script).
// Pages work without it; with it, GOV.UK Frontend's components (the navigation menu on small
// screens, error summaries) are enhanced.
import { initAll } from '/assets/govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()

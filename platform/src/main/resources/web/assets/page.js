// Small enhancements of pages that work without it: focus on the error summary after a refused
// submit, and a dialog instead of the inline step before a destructive action.
(function () {
  const summary = document.getElementById('error-summary');
  if (summary) {
    summary.focus();
    summary.querySelectorAll('a[href^="#"]').forEach((link) => {
      link.addEventListener('click', (event) => {
        const target = document.getElementById(link.getAttribute('href').substring(1));
        if (!target) return;
        event.preventDefault();
        const focusable = target.matches('fieldset') ? target.querySelector('input') || target : target;
        target.scrollIntoView({ block: 'center' });
        focusable.focus();
      });
    });
  }
  // <details class="confirm"><summary>Delete</summary><div class="confirm-body"><p>Sure?</p><form>...</form></div></details>
  document.querySelectorAll('details.confirm').forEach((details) => {
    const summaryEl = details.querySelector('summary');
    const form = details.querySelector('form');
    const question = details.querySelector('.confirm-question');
    if (!summaryEl || !form || !question) return;
    if (form.querySelector("input:not([type=hidden]), textarea, select")) return; // a step with fields of its own stays inline
    summaryEl.addEventListener('click', (event) => {
      event.preventDefault();
      if (window.confirm(question.textContent.trim())) {
        if (form.requestSubmit) form.requestSubmit(); else form.submit();
      }
    });
  });
})();

// Re-evaluates the visibility and required-field conditions of the page's data forms while the
// applicant types; the server applies the same rules, so the page also works with this script off.
// Each form with conditions is handled on its own (the header's log-out form has none).
(function () {
  const setUp = (form) => {
    const valueOf = (name) => {
      const inputs = form.querySelectorAll('[name="' + name + '"]');
      const values = [];
      inputs.forEach((input) => {
        if (input.type === 'checkbox') {
          if (input.checked) values.push(input.value);
        } else if (input.type === 'radio') {
          if (input.checked) values.push(input.value);
        } else if (input.multiple) {
          Array.from(input.selectedOptions).forEach((o) => values.push(o.value));
        } else if (input.value) {
          values.push(input.value.trim());
        }
      });
      return values.join(',');
    };
    const test = (c) => {
      switch (c.kind) {
        case 'FIELD_IN': return c.values.includes(valueOf(c.field));
        case 'CHECKED': return valueOf(c.field) === 'true';
        case 'FILLED': return valueOf(c.field) !== '';
        case 'ALL_OF': return c.operands.every(test);
        case 'ANY_OF': return c.operands.some(test);
        case 'NOT': return !test(c.operands[0]);
        default: return true;
      }
    };
    const refresh = () => {
      form.querySelectorAll('[data-visible-when]').forEach((el) => {
        el.hidden = !test(JSON.parse(el.dataset.visibleWhen));
      });
      // the required mark of a field required only under a condition
      form.querySelectorAll('[data-required-when]').forEach((el) => {
        el.hidden = !test(JSON.parse(el.dataset.requiredWhen));
      });
    };
    form.addEventListener('change', refresh);
    form.addEventListener('input', refresh);
    refresh();
  };
  document.querySelectorAll('form').forEach((form) => {
    if (form.querySelector('[data-visible-when], [data-required-when]')) setUp(form);
  });
})();

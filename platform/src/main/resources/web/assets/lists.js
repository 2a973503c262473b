// Admin lists: a filter box for the column chooser, "select all" for the bulk actions, and the
// status fields of a bulk change shown only when that action is chosen. The page works without it.
(function () {
  'use strict';
  document.querySelectorAll('.js-only').forEach(function (element) { element.hidden = false; });

  var filter = document.getElementById('column-filter');
  if (filter) {
    filter.addEventListener('input', function () {
      var wanted = filter.value.trim().toLowerCase();
      document.querySelectorAll('#column-choice .column-group').forEach(function (group) {
        var any = false;
        group.querySelectorAll('.column-option').forEach(function (option) {
          var shown = wanted === '' || option.textContent.toLowerCase().indexOf(wanted) >= 0;
          option.hidden = !shown;
          any = any || shown;
        });
        group.hidden = !any;
      });
    });
    filter.addEventListener('keydown', function (event) {
      if (event.key === 'Enter') {
        event.preventDefault();
      }
    });
  }

  var all = document.getElementById('select-all');
  if (all) {
    all.addEventListener('change', function () {
      document.querySelectorAll('input[type=checkbox][name=id][form=bulk]').forEach(function (box) {
        box.checked = all.checked;
      });
    });
  }

  var action = document.getElementById('bulk-action');
  var statusFields = document.querySelector('.bulk-status-fields');
  if (action && statusFields) {
    var toggle = function () { statusFields.hidden = action.value !== 'status'; };
    action.addEventListener('change', toggle);
    toggle();
  }
}());

// Tells the page that frames this form how tall it is, so the frame needs no scroll bar.
(function () {
  function report() {
    if (window.parent !== window) {
      window.parent.postMessage({ matriculaHeight: document.documentElement.scrollHeight }, "*");
    }
  }
  report();
  window.addEventListener("resize", report);
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
})();

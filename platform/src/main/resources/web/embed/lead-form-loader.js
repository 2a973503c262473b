// Matricula lead form: put this script where the form goes. It frames the form and hands it the
// page's UTM parameters, referrer, address and (when the visit beacon runs) the visitor id.
(function () {
  var script = document.currentScript;
  var page = new URLSearchParams(window.location.search);
  var query = new URLSearchParams();
  ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"].forEach(function (name) {
    if (page.get(name)) {
      query.set(name, page.get(name));
    }
  });
  if (document.referrer) {
    query.set("ref", document.referrer);
  }
  query.set("page", window.location.href.split("#")[0]);
  var visitor = (document.cookie.match(/(?:^|; )matricula_vid=([0-9a-f-]{36})/) || [])[1];
  if (visitor) {
    query.set("vid", visitor);
  }
  if (script.getAttribute("data-lang")) {
    query.set("lang", script.getAttribute("data-lang"));
  }
  var frame = document.createElement("iframe");
  frame.src = "__FORM_URL__?" + query.toString();
  frame.title = script.getAttribute("data-title") || "Matricula";
  frame.style.width = "100%";
  frame.style.minHeight = "36rem";
  frame.style.border = "0";
  script.parentNode.insertBefore(frame, script);
  window.addEventListener("message", function (event) {
    if (event.source === frame.contentWindow && event.data && event.data.matriculaHeight) {
      frame.style.height = event.data.matriculaHeight + "px";
    }
  });
})();

// Matricula visit beacon: reports each page view with its UTM parameters for this browser (a
// first-party cookie of this site), so a later lead or sign-up shows where the person came from.
// With data-consent="required" it does nothing until the site calls matricula.consent().
(function () {
  var script = document.currentScript;
  var endpoint = new URL("/embed/visits", script.src).href;
  var origin = new URL(script.src).origin;
  var year = 365 * 24 * 3600;

  function visitor() {
    var known = (document.cookie.match(/(?:^|; )matricula_vid=([0-9a-f-]{36})/) || [])[1];
    if (known) {
      return known;
    }
    var id = window.crypto.randomUUID ? window.crypto.randomUUID()
      : "10000000-1000-4000-8000-100000000000".replace(/[018]/g, function (c) {
          return (c ^ window.crypto.getRandomValues(new Uint8Array(1))[0] & 15 >> c / 4).toString(16);
        });
    document.cookie = "matricula_vid=" + id + "; path=/; max-age=" + year + "; SameSite=Lax";
    return id;
  }

  function report() {
    var id = visitor();
    var page = new URLSearchParams(window.location.search);
    var utm = {};
    ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"].forEach(function (name) {
      if (page.get(name)) {
        utm[name] = page.get(name);
      }
    });
    var body = JSON.stringify({ visitor: id, url: window.location.href.split("#")[0],
      referrer: document.referrer, utm: utm });
    if (!(navigator.sendBeacon && navigator.sendBeacon(endpoint, body))) {
      fetch(endpoint, { method: "POST", body: body, keepalive: true, mode: "no-cors" });
    }
    // Links to Matricula carry the visitor id, so that signing up there joins these visits.
    document.querySelectorAll("a[href^='" + origin + "']").forEach(function (link) {
      var target = new URL(link.href);
      target.searchParams.set("mvid", id);
      link.href = target.href;
    });
  }

  window.matricula = window.matricula || {};
  window.matricula.consent = function () {
    document.cookie = "matricula_consent=yes; path=/; max-age=" + year + "; SameSite=Lax";
    report();
  };
  if (script.getAttribute("data-consent") !== "required" || /(?:^|; )matricula_consent=yes/.test(document.cookie)) {
    report();
  }
})();

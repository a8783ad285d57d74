/*! helpfirst website snippet: first-party, no dependencies, no third-party calls.
 * <script src="https://HELPFIRST/static/tracking/helpfirst.js" data-site-key="hfs_…"
 *         data-endpoint="https://HELPFIRST/t/collect" [data-consent="required"] defer></script>
 * Records page views (URL, title, referrer), downloads (links to documents, or any link with
 * data-helpfirst-download) and form submissions (only an e-mail field, to identify the visitor).
 * Does nothing when the browser sends Do-Not-Track or Global Privacy Control, or, when consent
 * is required, until the page says the visitor consented:
 *   window.helpfirstConsent = true   (before the snippet loads), or
 *   helpfirst('consent', true)        (any time later; false forgets the visitor id).
 */
(function (w, d) {
  "use strict";
  var me = d.currentScript || d.querySelector("script[data-site-key]");
  if (!me || w.__helpfirst) return;
  var key = me.getAttribute("data-site-key");
  var endpoint = me.getAttribute("data-endpoint") || new URL("/t/collect", me.src).href;
  var needConsent = me.getAttribute("data-consent") === "required";
  var DOCS = /\.(pdf|docx?|xlsx?|pptx?|zip|csv|key|pages|epub)(\?|#|$)/i;
  var ID = "hf_vid";
  var queue = [];
  var nav = w.navigator || {};
  var dnt = nav.doNotTrack === "1" || nav.doNotTrack === "yes" || w.doNotTrack === "1" ||
    nav.msDoNotTrack === "1";
  var gpc = nav.globalPrivacyControl === true;
  var consent = w.helpfirstConsent === true || me.getAttribute("data-consent") === "given";
  w.__helpfirst = true;

  function allowed() { return !dnt && !gpc && (!needConsent || consent); }

  function rand() {
    var a = new Uint8Array(12), s = "";
    (w.crypto || w.msCrypto).getRandomValues(a);
    for (var i = 0; i < a.length; i++) s += ("0" + a[i].toString(16)).slice(-2);
    return s;
  }

  function visitor() {
    var id = null;
    try { id = w.localStorage.getItem(ID); } catch (e) { /* storage blocked */ }
    if (!id) { var m = d.cookie.match(/(?:^|; )hf_vid=([\w-]{8,64})/); id = m && m[1]; }
    if (!id) id = "v" + rand();
    try { w.localStorage.setItem(ID, id); } catch (e) { /* storage blocked */ }
    d.cookie = ID + "=" + id + "; path=/; max-age=31536000; SameSite=Lax" +
      (w.location.protocol === "https:" ? "; Secure" : "");
    return id;
  }

  function forget() {
    try { w.localStorage.removeItem(ID); } catch (e) { /* storage blocked */ }
    d.cookie = ID + "=; path=/; max-age=0";
  }

  var params = new URLSearchParams(w.location.search);
  var linkToken = params.get("hf_t") || "";
  if (linkToken && w.history && w.history.replaceState) {
    params.delete("hf_t");
    var q = params.toString();
    w.history.replaceState(w.history.state, "",
      w.location.pathname + (q ? "?" + q : "") + w.location.hash);
  }

  function send(kind, extra) {
    if (dnt || gpc) return;
    if (!allowed()) { if (queue.length < 20) queue.push([kind, extra]); return; }
    var body = {
      site_key: key, visitor_id: visitor(), kind: kind, url: w.location.href,
      title: d.title.slice(0, 300), referrer: d.referrer.slice(0, 1000), at: Date.now(),
      event_id: "e" + rand(), consent: consent || !needConsent
    };
    if (linkToken) body.link_token = linkToken;
    for (var k in extra) if (Object.prototype.hasOwnProperty.call(extra, k)) body[k] = extra[k];
    var text = JSON.stringify(body);
    // Downloads and form submissions usually leave the page: send those as a beacon, which
    // outlives it. Page views go by plain fetch (browsers may hold beacons back for a while).
    var leaving = kind !== "page_view";
    if (leaving && nav.sendBeacon && nav.sendBeacon(endpoint, new Blob([text],
      { type: "text/plain" }))) return;
    if (w.fetch) {
      w.fetch(endpoint, { method: "POST", body: text, mode: "cors", credentials: "omit",
        keepalive: leaving, headers: { "Content-Type": "text/plain" } }).catch(function () {});
    }
  }

  d.addEventListener("click", function (ev) {
    var a = ev.target && ev.target.closest && ev.target.closest("a[href]");
    if (!a) return;
    if (a.hasAttribute("data-helpfirst-download") || DOCS.test(a.pathname || "")) {
      send("content_download", { url: a.href, title: (a.getAttribute("data-helpfirst-download") ||
        a.textContent || "").trim().slice(0, 300) });
    }
  }, true);

  d.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!form || form.hasAttribute("data-helpfirst-ignore")) return;
    var field = form.querySelector("input[type=email], input[name*=mail i]");
    var email = field && field.value ? field.value.trim().slice(0, 254) : "";
    send("form_submit", email ? { email: email } : {});
  }, true);

  w.helpfirst = function (command, value) {
    if (command === "consent") {
      consent = value === true;
      if (!consent) { queue = []; forget(); return; }
      var waiting = queue; queue = [];
      for (var i = 0; i < waiting.length; i++) send(waiting[i][0], waiting[i][1]);
    } else if (command === "page") {
      send("page_view", {});
    }
  };

  send("page_view", {});
})(window, document);

// The original on the document page (web/original.py, _original.html). Every item of the field list
// that is marked somewhere gets a button (links to the text view keep theirs) that scrolls to its mark
// on the page images, or in the text view when it has no place on a page, and focuses it; a name
// given several times goes to its next mark at each click. Scanned pages get their marks once the
// server has read their word boxes: one page per request, the section replaced by the answer.
(function () {
  var turn = {};           // key -> the occurrence shown last
  var located = null;

  function section() { return document.getElementById("original"); }

  function index() {
    var s = section();
    var data = s && s.getAttribute("data-index");
    if (!data) return {};
    try { return JSON.parse(data); } catch (e) { return {}; }
  }

  function targets(key) {
    var entry = index()[key];
    if (!entry) return { where: null, list: [] };
    var onPage = entry.marks.map(function (id) { return document.getElementById(id); }).filter(Boolean);
    if (onPage.length) return { where: "page", list: onPage };
    var inText = entry.text.map(function (at) { return document.getElementById("c" + at); }).filter(Boolean);
    return { where: inText.length ? "text" : null, list: inText };
  }

  function status() {
    var el = document.getElementById("locate-status");
    if (!el) {
      el = document.createElement("p");
      el.id = "locate-status";
      el.className = "visually-hidden";
      el.setAttribute("role", "status");
      document.body.appendChild(el);
    }
    return el;
  }

  function show(key) {
    var found = targets(key);
    if (!found.list.length) return false;
    var n = ((turn[key] === undefined ? -1 : turn[key]) + 1) % found.list.length;
    turn[key] = n;
    var el = found.list[n];
    if (located) located.classList.remove("located");
    located = el;
    el.classList.add("located");
    if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "-1");
    el.scrollIntoView({ block: "center", inline: "nearest" });
    el.focus({ preventScroll: true });
    var page = el.closest ? el.closest("figure.page") : null;
    status().textContent = (found.where === "page" && page ? "Trang " + page.id.replace("page-", "") : "Toàn văn") +
      (found.list.length > 1 ? ", lần " + (n + 1) + "/" + found.list.length : "");
    return true;
  }

  function label(el) {        // what the item says (a row: its cells), without the buttons in it
    var parts = [];
    Array.prototype.forEach.call(el.tagName === "TR" ? el.children : [el], function (cell) {
      var copy = cell.cloneNode(true);
      Array.prototype.forEach.call(copy.querySelectorAll("button"), function (b) { b.remove(); });
      var text = copy.textContent.replace(/\s+/g, " ").trim();
      if (text) parts.push(text);
    });
    return parts.join(" ").slice(0, 160);
  }

  function wire() {
    var marked = document.querySelectorAll("[data-mark]");
    Array.prototype.forEach.call(marked, function (el) {
      var key = el.getAttribute("data-mark");
      var found = targets(key);
      var href = el.tagName === "A" ? (el.getAttribute("href") || "") : null;
      if (href !== null && href.charAt(0) === "#") {     // a link to the text view: to the page when it is there
        if (!el.hasAttribute("data-wired")) {
          el.setAttribute("data-wired", "");
          el.addEventListener("click", function (ev) {
            if (targets(key).where === "page" && show(key)) ev.preventDefault();
          });
        }
        return;
      }
      var button = el.querySelector(":scope > button.locate, :scope > td:last-child > button.locate") ||
        (el.nextElementSibling && el.nextElementSibling.matches("button.locate") ? el.nextElementSibling : null);
      if (!found.where) {
        if (button) button.remove();
        return;
      }
      if (!button) {
        button = document.createElement("button");
        button.type = "button";
        button.className = "locate";
        button.setAttribute("data-for", key);
        button.addEventListener("click", function () { show(key); });
        if (el.tagName === "TR") el.lastElementChild.appendChild(button);
        else if (el.tagName === "A") el.insertAdjacentElement("afterend", button);
        else el.appendChild(button);
      }
      var where = found.where === "page" ? "Xem trên bản gốc: " : "Xem trong toàn văn: ";
      button.setAttribute("aria-label", where + label(el));
      button.title = found.where === "page" ? "Xem chỗ của mục này trên bản gốc" : "Xem chỗ của mục này trong toàn văn";
    });
  }

  function next() {
    var s = section();
    var url = s && s.getAttribute("data-next");
    if (!url || !window.fetch) return;
    fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.text(); })
      .then(function (html) {
        var t = document.createElement("template");
        t.innerHTML = html;
        var fresh = t.content.querySelector("#original");
        var old = section();
        if (!fresh || !old) return;
        old.replaceWith(fresh);
        located = null;
        wire();
        next();
      })
      .catch(function () {
        var s2 = section();
        var waiting = s2 && s2.querySelector(".waiting");
        if (waiting) waiting.firstChild.textContent = "Chưa đánh dấu được các mục trên trang. ";
      });
  }

  function ready() {
    if (!section()) return;
    wire();
    next();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();

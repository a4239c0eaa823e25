// Unit names as one types (an ARIA 1.2 combobox with a list popup), in the search box after
// "unit:" or "donvi:" and in the boxes that narrow the unit facets. Names come from the JSON
// endpoint in the input's data-unit-suggest (case and diacritics do not matter: "ha giang" finds
// "Hà Giang"), most documents first. A facet box suggests only when none of the values its page
// lists has the text (those are narrowed as one types); a name picked there that the page does not
// list (a facet lists its first 100 values) filters the search on it, as a click on it in the list
// would. A facet box suggests only the names of the search its page shows, with that search's counts
// (as its list: "+N" when values of the facet are chosen already, what a pick adds); the search box,
// the names of every document unless the page has filters set. Without JavaScript the boxes work as
// before.
(function () {
  var TOKEN = /(^|\s)(unit|donvi):("?)([^"]*)$/i;   // the unit filter being typed, up to the caret
  var DELAY = 120;                                  // ms after the last key before asking
  var count = 0;

  // what of the box's text is the part of a name being typed: {start, end, text} or null
  function searchFragment(input) {
    var caret = input.selectionStart == null ? input.value.length : input.selectionStart;
    var before = input.value.slice(0, caret);
    var m = TOKEN.exec(before);
    if (!m || /\s\S+:/.test(m[4])) return null;
    var end = caret;
    var rest = input.value.slice(caret);
    var word = /^[^\s"]*"?/.exec(rest);        // the rest of the word (and a closing quote) goes too
    if (word) end += word[0].length;
    return {start: m.index + m[1].length, end: end, text: m[4]};
  }

  function boxFragment(input) {
    return {start: 0, end: input.value.length, text: input.value};
  }

  function setup(input) {
    var isSearch = !input.hasAttribute("data-facet");
    var fragmentOf = isSearch ? searchFragment : boxFragment;
    var url = input.getAttribute("data-unit-suggest");
    var id = "unit-suggestions-" + (++count);
    var list = document.createElement("div");
    list.id = id;
    list.className = "unit-suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Gợi ý tên đơn vị");
    list.hidden = true;
    var status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    // the search box's list drops down over the page; a facet box's list lies in the flow, after
    // its label, and pushes the facet values down (they stay where a click finds them)
    var after = isSearch ? input : (input.closest("label") || input);
    after.parentNode.insertBefore(list, after.nextSibling);
    after.parentNode.insertBefore(status, list.nextSibling);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id);
    input.setAttribute("autocomplete", "off");

    var timer = null, asked = null, active = -1, fragment = null, names = [], param = "unit", adds = false;
    var section = input.closest("section");

    // the search the names are suggested in, as the endpoint takes it (``search``: its text). A facet
    // box: the search its page shows (its form holds it). The search box: only the filters set in the
    // page (its form's hidden fields) and its dates; its own text is being written.
    function currentSearch() {
      var out = new URLSearchParams();
      if (!input.form) return out;
      if (isSearch) {
        Array.prototype.forEach.call(input.form.querySelectorAll("input[type=hidden]"), function (h) {
          if (h.name) out.append(h.name, h.value);
        });
        var page = new URLSearchParams(window.location.search);
        ["from", "to"].forEach(function (k) { if (page.get(k)) out.set(k, page.get(k)); });
      } else {
        new FormData(input.form).forEach(function (v, k) {
          if (["facet", "facet_q", "page", "per_page", "sort"].indexOf(k) >= 0 || !v) return;
          out.append(k === "q" ? "search" : k, v);
        });
      }
      return out;
    }

    // the facet values of this page the box's text leaves shown (pages.js hides the others)
    function listedNow() {
      return section ? section.querySelectorAll("[data-facet-list] li:not([hidden])").length : 0;
    }

    function close() {
      list.hidden = true;
      list.textContent = "";
      names = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function place() {
      // under the box, inside the page's width (the list's containing block is the box's offsetParent)
      var width = Math.max(input.offsetWidth, 240);
      var room = document.documentElement.clientWidth - 16;
      list.style.top = (input.offsetTop + input.offsetHeight) + "px";
      list.style.left = input.offsetLeft + "px";
      list.style.width = Math.min(width, room) + "px";
      var right = list.getBoundingClientRect().right;
      if (right > room + 8) list.style.left = Math.max(0, input.offsetLeft - (right - room - 8)) + "px";
    }

    function mark(i) {
      var items = list.children;
      for (var k = 0; k < items.length; k++) items[k].setAttribute("aria-selected", k === i ? "true" : "false");
      active = i;
      if (i >= 0) {
        input.setAttribute("aria-activedescendant", items[i].id);
        items[i].scrollIntoView({block: "nearest"});
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function show(rows) {
      list.textContent = "";
      names = rows;
      rows.forEach(function (row, i) {
        var li = document.createElement("div");
        li.id = id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var name = document.createElement("span");
        name.className = "name";
        name.textContent = row.name;
        var n = document.createElement("span");
        n.className = "count";
        // as the facet list: "+N" when a pick adds its documents to the values already chosen
        n.textContent = (adds ? "+" : "") + row.documents + " văn bản";
        li.appendChild(name);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(n);
        li.addEventListener("mousedown", function (ev) { ev.preventDefault(); });   // keep the focus
        li.addEventListener("click", function () { pick(i); });
        list.appendChild(li);
      });
      active = -1;
      if (rows.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        if (isSearch) place();
      } else {
        close();
      }
      status.textContent = rows.length ? rows.length + " gợi ý tên đơn vị" : "";
    }

    function ask() {
      fragment = fragmentOf(input);
      var text = fragment ? fragment.text.trim() : "";
      if (text.length < 2) { asked = null; close(); return; }
      if (text === asked) return;
      if (!isSearch && listedNow() > 0) { asked = null; close(); return; }   // the list has it already
      asked = text;
      var params = currentSearch();
      params.set("q", text);
      if (!isSearch) params.set("field", input.getAttribute("data-facet"));
      fetch(url + (url.indexOf("?") < 0 ? "?" : "&") + params.toString(), {headers: {"Accept": "application/json"}})
        .then(function (r) { return r.ok ? r.json() : {suggestions: []}; })
        .then(function (data) {
          if (asked !== text || document.activeElement !== input) return;
          param = data.filter || "unit";
          adds = !!data.adds;
          show(data.suggestions || []);
        })
        .catch(function () { close(); });
    }

    function pick(i) {
      var name = names[i].name;
      var f = fragment || fragmentOf(input);
      close();
      asked = null;
      if (isSearch) {
        var key = /^(unit|donvi)/i.exec(input.value.slice(f.start))[1];
        var put = key + ':"' + name + '"';
        var after = input.value.slice(f.end).replace(/^\s*/, "");
        input.value = input.value.slice(0, f.start) + put + " " + after;
        var caret = f.start + put.length + 1;
        input.setSelectionRange(caret, caret);
        asked = "";     // nothing to suggest until the next key
      } else {
        input.value = name;
        asked = name.trim();     // what was picked is not asked again
        input.dispatchEvent(new Event("input", {bubbles: true}));   // the list narrows (pages.js)
        if (!listedNow()) {
          // past the values this page lists: the search filtered on it, as a click on it in the list
          var params = new URLSearchParams(new FormData(input.form));
          ["facet", "facet_q", "page"].forEach(function (k) { params.delete(k); });
          params.append(param, name);
          window.location.assign(input.form.getAttribute("action").split("#")[0] + "?" + params.toString());
        }
      }
      input.focus();
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY);
    });
    input.addEventListener("keydown", function (ev) {
      if (list.hidden) {
        if (ev.key === "ArrowDown" && names.length === 0) { asked = null; ask(); }
        return;
      }
      var n = list.children.length;
      if (ev.key === "ArrowDown") { ev.preventDefault(); mark((active + 1) % n); }
      else if (ev.key === "ArrowUp") { ev.preventDefault(); mark(active <= 0 ? n - 1 : active - 1); }
      else if (ev.key === "Enter" && active >= 0) { ev.preventDefault(); pick(active); }
      else if (ev.key === "Escape") { ev.preventDefault(); close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    window.addEventListener("resize", function () { if (!list.hidden) place(); });
  }

  function ready() {
    Array.prototype.forEach.call(document.querySelectorAll("input[data-unit-suggest]"), setup);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();

// The "add" form of the corrections section (web/templates/_corrections.html): text selected in the
// full text fills the name and its place (offsets in the document text, in characters as the server
// counts them: code points). The form works without this script (the name is then found in the text).
(function () {
  "use strict";
  var form = document.getElementById("hc-add");
  var full = document.querySelector(".fulltext");
  if (!form || !full) return;
  var status = document.getElementById("hc-selection");

  function length(s) { return Array.from(s).length; }   // code points, as Python counts

  // the offset in the document text of a point (node, offset) inside .fulltext: each <p> is a line,
  // lines are joined by one "\n"
  function offsetOf(node, offset) {
    var lines = full.querySelectorAll(":scope > p");
    var base = 0;
    for (var i = 0; i < lines.length; i++) {
      var p = lines[i];
      if (p === node || p.contains(node)) {
        var before = document.createRange();
        before.setStart(p, 0);
        before.setEnd(node, offset);
        return base + length(before.toString());
      }
      base += length(p.textContent) + 1;
    }
    return -1;
  }

  function selected() {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return;
    var range = sel.getRangeAt(0);
    if (!full.contains(range.startContainer) || !full.contains(range.endContainer)) return;
    var start = offsetOf(range.startContainer, range.startOffset);
    var end = offsetOf(range.endContainer, range.endOffset);
    var text = range.toString();
    var name = text.split(/\s+/).filter(Boolean).join(" ");
    if (start < 0 || end <= start || !name) return;
    // leading and trailing spaces are not part of the name
    start += length(text) - length(text.replace(/^\s+/, ""));
    end -= length(text) - length(text.replace(/\s+$/, ""));
    form.elements.text.value = name;
    form.elements.selected.value = name;
    form.elements.start.value = String(start);
    form.elements.end.value = String(end);
    if (status) status.textContent = "Đã chọn trong toàn văn (ký tự " + start + "–" + end + ").";
  }

  document.addEventListener("selectionchange", selected);
  // a name typed by hand is found in the text by the server
  form.elements.text.addEventListener("input", function () {
    form.elements.start.value = "";
    form.elements.end.value = "";
    form.elements.selected.value = "";
    if (status) status.textContent = "";
  });
})();

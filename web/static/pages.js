// Small improvements on top of pages that work without JavaScript (no inline script: the pages'
// Content-Security-Policy forbids it). Facets behind a button on narrow screens, and a box that
// narrows a long facet list as one types.
(function () {
  document.documentElement.classList.add("js");

  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }

  function ready() {
    var layout = document.querySelector(".layout");
    var button = document.querySelector(".facets-button");
    var facets = document.getElementById("facets");
    if (layout && button && facets) {
      button.setAttribute("role", "button");
      button.setAttribute("aria-expanded", "false");
      button.addEventListener("click", function (ev) {
        ev.preventDefault();
        var open = !layout.classList.contains("facets-open");
        layout.classList.toggle("facets-open", open);
        button.setAttribute("aria-expanded", open ? "true" : "false");
        button.textContent = open ? "Ẩn bộ lọc" : "Bộ lọc";
      });
    }

    var boxes = document.querySelectorAll(".facet-filter input[data-facet]");
    Array.prototype.forEach.call(boxes, function (input) {
      var field = input.getAttribute("data-facet");
      var section = input.closest("section");
      var items = section.querySelectorAll("[data-facet-list='" + field + "'] li");
      var more = section.querySelector("details[data-facet-more]");
      input.addEventListener("input", function () {
        var needle = fold(input.value.trim());
        Array.prototype.forEach.call(items, function (li) {
          li.hidden = needle !== "" && fold(li.textContent).indexOf(needle) < 0;
        });
        if (more && needle !== "") more.open = true;
      });
      // the list narrows as one types: Enter has nothing more to ask the server
      input.form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();

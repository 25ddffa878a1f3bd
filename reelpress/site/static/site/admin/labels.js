// Accessible names Django's admin leaves out: the autocomplete boxes (select2) are named by their
// field's label, their search boxes too, and an inline table's empty first header cell says what
// its column holds. Select2 redraws these parts as the editor picks, so they are named again on
// every change to the page.
"use strict";
(function () {
  function labelOf(select) {
    if (select.getAttribute("aria-label")) {
      return { text: select.getAttribute("aria-label") };
    }
    const label = select.id && document.querySelector('label[for="' + select.id + '"]');
    if (!label) {
      return null;
    }
    if (!label.id) {
      label.id = select.id + "-label";
    }
    return { text: label.textContent.replace(/:\s*$/, "").trim(), id: label.id };
  }

  function nameAutocompletes() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      const box = select.nextElementSibling;
      if (!box || !box.classList.contains("select2")) {
        return;
      }
      const label = labelOf(select);
      if (!label) {
        return;
      }
      const combo = box.querySelector(".select2-selection");
      const shown = box.querySelector(".select2-selection__rendered");
      if (combo && label.id && shown && shown.id) {
        // The label, then the choice shown: "Film The Night of the Hunter".
        // The choice is shown in a read-only "textbox" of its own: named the same way.
        const ids = label.id + " " + shown.id;
        [combo, shown].forEach(function (element) {
          if (element.getAttribute("aria-labelledby") !== ids) {
            element.setAttribute("aria-labelledby", ids);
          }
        });
      } else {
        [combo, shown].forEach(function (element) {
          if (element && element.getAttribute("aria-label") !== label.text) {
            element.setAttribute("aria-label", label.text);
          }
        });
      }
      // Multiple choice: the mouse-only "remove all" cross sits in the list of choices, where
      // only items belong; a keyboard removes choices with Backspace in the search box.
      box.querySelectorAll("ul > .select2-selection__clear").forEach(function (cross) {
        cross.setAttribute("aria-hidden", "true");
      });
      box.querySelectorAll(".select2-search__field").forEach(function (input) {
        if (input.getAttribute("aria-label") !== label.text) {
          input.setAttribute("aria-label", label.text);
        }
      });
    });
  }

  function nameInlineHeaders() {
    document.querySelectorAll(".tabular thead th.original").forEach(function (th) {
      if (!th.textContent.trim()) {
        const text = document.createElement("span");
        text.className = "visually-hidden";
        text.textContent = "Saved row";
        th.appendChild(text);
      }
    });
  }

  function nameAll() {
    nameAutocompletes();
    nameInlineHeaders();
  }

  window.addEventListener("load", function () {
    nameAll();
    new MutationObserver(nameAll).observe(document.body, { childList: true, subtree: true });
  });
})();

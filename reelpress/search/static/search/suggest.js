/* Search as you type for the header search box (#site-search).
 *
 * Without JavaScript the form simply submits to /search/. With it, typing fetches
 * /search/suggest?q= (debounced, stale requests aborted) and shows a listbox of links to
 * titles, people, labels and critics. ARIA combobox pattern: arrows move, Enter opens, Escape closes.
 */
(function () {
  "use strict";

  var DELAY = 150;
  var MIN_CHARS = 2;
  var KINDS = { title: "Film", person: "Person", label: "Label", critic: "Critic" };

  function init() {
    var input = document.getElementById("site-search");
    var box = document.getElementById("search-suggestions");
    if (!input || !box || !window.fetch) return;

    var script = document.currentScript || document.querySelector('script[src*="search/suggest.js"]');
    if (script && script.src && !document.querySelector('link[data-search-css]')) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = script.src.replace(/suggest\.js(\?.*)?$/, "search.css");
      css.setAttribute("data-search-css", "");
      document.head.appendChild(css);
    }

    var form = input.form;
    var endpoint = new URL("suggest", new URL((form && form.getAttribute("action")) || "/search/", location.href));
    var listId = "search-suggestions-list";
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    box.parentNode.insertBefore(status, box.nextSibling);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var timer = null;
    var controller = null;
    var items = [];
    var active = -1;
    var lastQuery = "";

    function close() {
      box.textContent = "";
      items = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      items.forEach(function (item, n) {
        item.setAttribute("aria-selected", n === index ? "true" : "false");
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function render(suggestions) {
      close();
      if (!suggestions.length) {
        status.textContent = "";
        return;
      }
      var list = document.createElement("ul");
      list.id = listId;
      list.setAttribute("role", "listbox");
      list.setAttribute("aria-label", "Suggestions");
      suggestions.forEach(function (s, n) {
        var li = document.createElement("li");
        li.id = listId + "-" + n;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var a = document.createElement("a");
        a.href = s.url;
        a.tabIndex = -1;
        var label = document.createElement("span");
        label.textContent = s.label;
        var kind = document.createElement("span");
        kind.className = "kind";
        kind.textContent = KINDS[s.kind] || "Film";
        a.appendChild(label);
        a.appendChild(kind);
        li.appendChild(a);
        li.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep focus in the input until the link is followed
        });
        li.addEventListener("mousemove", function () {
          highlight(n);
        });
        list.appendChild(li);
      });
      box.appendChild(list);
      items = Array.prototype.slice.call(list.children);
      input.setAttribute("aria-expanded", "true");
      status.textContent = suggestions.length + (suggestions.length === 1 ? " suggestion" : " suggestions");
    }

    function fetchSuggestions(query) {
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      var url = new URL(endpoint);
      url.searchParams.set("q", query);
      fetch(url, { headers: { Accept: "application/json" }, signal: controller ? controller.signal : undefined })
        .then(function (response) {
          return response.ok ? response.json() : { suggestions: [] };
        })
        .then(function (data) {
          if (input.value.trim() === query && document.activeElement === input) render(data.suggestions || []);
        })
        .catch(function () {
          /* aborted or offline: the plain form still works */
        });
    }

    input.addEventListener("input", function () {
      var query = input.value.trim();
      clearTimeout(timer);
      if (query.length < MIN_CHARS) {
        lastQuery = "";
        close();
        return;
      }
      if (query === lastQuery) return;
      timer = setTimeout(function () {
        lastQuery = query;
        fetchSuggestions(query);
      }, DELAY);
    });

    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!items.length) return;
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : -1;
        var next = active + step;
        if (next >= items.length) next = -1;
        if (next < -1) next = items.length - 1;
        highlight(next);
      } else if (event.key === "Enter" && active >= 0 && items[active]) {
        event.preventDefault();
        window.location.assign(items[active].querySelector("a").href);
      } else if (event.key === "Escape") {
        if (items.length) {
          event.preventDefault();
          close();
        }
      } else if (event.key === "Tab") {
        close();
      }
    });

    input.addEventListener("blur", function () {
      setTimeout(close, 150);
    });
    input.addEventListener("focus", function () {
      if (input.value.trim().length >= MIN_CHARS && !items.length) {
        lastQuery = "";
        input.dispatchEvent(new Event("input"));
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

// Lien's behaviour in the browser, in one file loaded by every page (no inline script: the
// Content-Security-Policy forbids it). Each part works on what the page marks with data-*
// attributes; without JavaScript every form still posts and every page still works.
(function () {
  "use strict";

  var body = document.body;

  // ---------------------------------------------------------------------------------
  // Unsaved text: leaving a page (link, reload, closing the tab) asks first while a form
  // holds something typed and not saved.
  var leaving = false;

  function fieldChanged(field) {
    if (field.type === "hidden" || field.type === "submit" || field.type === "button") {
      return false;
    }
    if (field.type === "checkbox" || field.type === "radio") {
      return field.checked !== field.defaultChecked;
    }
    if (field.tagName === "SELECT") {
      return Array.prototype.some.call(field.options, function (option) {
        return option.selected !== option.defaultSelected;
      });
    }
    return field.value !== field.defaultValue;
  }

  function unsavedForms() {
    return Array.prototype.filter.call(
      document.querySelectorAll("form[method=post]:not([data-no-unsaved-warning])"),
      function (form) {
        return form.hasAttribute("data-unsaved") || Array.prototype.some.call(form.elements, fieldChanged);
      }
    );
  }

  var sentForm = null;
  document.addEventListener("submit", function (event) {
    // A form sent the ordinary way leaves the page with what it holds; htmx forms stay.
    // Another form still holding unsaved text is asked about all the same.
    if (!event.target.hasAttribute("hx-post")) {
      sentForm = event.target;
    }
  });
  window.addEventListener("beforeunload", function (event) {
    var unsaved = unsavedForms().filter(function (form) {
      return form !== sentForm;
    });
    if (!leaving && unsaved.length) {
      sentForm = null; // the person may stay: that form was not sent after all
      event.preventDefault();
      event.returnValue = "";
    }
  });
  document.body.addEventListener("htmx:beforeOnLoad", function (event) {
    // The server sends the page elsewhere (session over: what was posted is kept there).
    if (event.detail.xhr && event.detail.xhr.getResponseHeader("HX-Redirect")) {
      leaving = true;
    }
  });

  // ---------------------------------------------------------------------------------
  // Idle session: a warning shortly before the server ends it, with a way to stay.
  var idleSeconds = parseInt(body.getAttribute("data-idle-timeout") || "0", 10);
  var dialog = document.getElementById("idle-warning");
  var warnTimer = null;
  var endTimer = null;

  function sessionEnded() {
    dialog.classList.add("idle-ended");
    dialog.setAttribute("aria-labelledby", "idle-ended-title");
  }

  function restartIdleClock() {
    if (!idleSeconds || !dialog) {
      return;
    }
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    var notice = Math.min(120, Math.max(1, Math.floor(idleSeconds / 4)));
    warnTimer = setTimeout(function () {
      dialog.classList.remove("idle-ended");
      dialog.setAttribute("aria-labelledby", "idle-warning-title");
      if (!dialog.open) {
        dialog.showModal();
      }
    }, (idleSeconds - notice) * 1000);
    endTimer = setTimeout(function () {
      sessionEnded();
      if (!dialog.open) {
        dialog.showModal();
      }
    }, idleSeconds * 1000);
  }

  if (dialog) {
    dialog.querySelector("[data-stay]").addEventListener("click", function () {
      fetch(body.getAttribute("data-keepalive-url"), { credentials: "same-origin" }).then(
        function (response) {
          if (response.ok && !response.redirected) {
            dialog.close();
            restartIdleClock();
          } else {
            sessionEnded();
          }
        }
      );
    });
    dialog.querySelector("[data-close]").addEventListener("click", function () {
      dialog.close();
    });
    document.body.addEventListener("htmx:afterRequest", restartIdleClock);
    restartIdleClock();
  }

  // ---------------------------------------------------------------------------------
  // A form posted after the session ended comes back filled once the person has logged
  // in again (the server kept it in their session and hands it over once, here).
  var pending = document.getElementById("lien-pending-form");
  if (pending) {
    var kept = JSON.parse(pending.textContent);
    var forms = Array.prototype.slice.call(document.querySelectorAll("form[method=post]"));
    var names = Object.keys(kept.data);
    // The form posted; else the one with the same fields (the note's text may have been
    // sent by the check made as it is typed, from the text field alone).
    var target =
      forms.find(function (form) {
        var action = form.getAttribute("hx-post") || form.getAttribute("action") || "";
        return new URL(action, window.location.href).pathname === kept.action;
      }) ||
      forms.find(function (form) {
        return names.every(function (name) {
          return form.elements.namedItem(name) !== null;
        });
      });
    if (target) {
      Object.keys(kept.data).forEach(function (name) {
        var values = kept.data[name];
        Array.prototype.forEach.call(target.elements, function (field) {
          if (field.name !== name || field.type === "hidden") {
            return;
          }
          if (field.type === "checkbox" || field.type === "radio") {
            field.checked = values.indexOf(field.value) !== -1;
          } else if (field.tagName === "SELECT") {
            Array.prototype.forEach.call(field.options, function (option) {
              option.selected = values.indexOf(option.value) !== -1;
            });
          } else {
            field.value = values[0];
          }
          field.dispatchEvent(new Event("input", { bubbles: true }));
        });
      });
      target.setAttribute("data-unsaved", "");
      var notice = document.getElementById("lien-pending-notice");
      if (notice) {
        notice.hidden = false;
        target.insertBefore(notice, target.firstChild);
      }
      var first = target.querySelector("textarea, select, input:not([type=hidden])");
      if (first) {
        first.focus();
      }
    }
  }

  // ---------------------------------------------------------------------------------
  // Focus stays where the person was working: after htmx swaps the card just saved, on
  // the field that has an error, else on the same field as before, else on the card.
  var focusedId = null;
  document.body.addEventListener("htmx:beforeRequest", function () {
    focusedId = document.activeElement ? document.activeElement.id : null;
  });
  document.body.addEventListener("htmx:afterSettle", function (event) {
    // The card swapped "outerHTML" is a new element: found again by its id.
    var swapped = event.detail.target;
    var card = swapped && swapped.id ? document.getElementById(swapped.id) : null;
    if (!card || !card.matches("#file-body .card, #file-body .entry-card")) {
      return;
    }
    // The person is working in another card (a card loading after the page, such as
    // the letters, arrived while they type): their focus stays there. A card just
    // saved lost the focus with its old fields, so this does not stop it.
    var active = document.activeElement;
    if (active && active !== document.body && active.isConnected && !card.contains(active)) {
      return;
    }
    var invalid = card.querySelector("[aria-invalid=true]");
    var before = focusedId && document.getElementById(focusedId);
    var heading = card.querySelector("h2[tabindex], h3[tabindex]");
    var next = invalid || (before && card.contains(before) ? before : null) || heading;
    if (next) {
      next.focus();
    }
  });

  // ---------------------------------------------------------------------------------
  // Keyboard: Alt+Shift+letter reaches a quick-entry field (listed on the page), and
  // Enter on a list of an entry form saves it, as it does in a text field.
  document.addEventListener("keydown", function (event) {
    if (event.altKey && event.shiftKey && !event.ctrlKey && !event.metaKey) {
      // The letter typed; on a Mac, where Option+Shift types a symbol, the key's place.
      var letter = /^[a-z]$/i.test(event.key) ? event.key.toLowerCase() : "";
      if (!letter && /^Key[A-Z]$/.test(event.code)) {
        letter = event.code.charAt(3).toLowerCase();
      }
      var field = letter && document.querySelector("[data-shortcut='" + letter + "']");
      if (field) {
        event.preventDefault();
        field.focus();
      }
      return;
    }
    var select = event.target;
    if (
      event.key === "Enter" &&
      select.tagName === "SELECT" &&
      select.form &&
      select.form.classList.contains("entry-form")
    ) {
      event.preventDefault();
      select.form.requestSubmit();
    }
  });

  // ---------------------------------------------------------------------------------
  // Tables never widen the page: each scrolls inside its own box, which, when it does
  // scroll, takes the keyboard focus (arrows scroll it) and is named after the table.
  function fitTables() {
    document.querySelectorAll("main table").forEach(function (table) {
      var box = table.parentElement;
      if (!box.classList.contains("table-responsive")) {
        box = document.createElement("div");
        box.className = "table-responsive";
        table.parentNode.insertBefore(box, table);
        box.appendChild(table);
      }
      if (box.hasAttribute("tabindex") && !box.hasAttribute("data-scroll-region")) {
        return; // made a region by its template
      }
      if (box.scrollWidth > box.clientWidth + 1) {
        // Named by the table's caption (else its card's heading), as a table.
        var caption = table.querySelector("caption");
        var section = box.closest("section");
        var heading = section && section.querySelector("h2, h3");
        var name = (caption || heading || table).textContent.trim().replace(/\s+/g, " ");
        name = (body.getAttribute("data-table-label") || "{name}").replace("{name}", name);
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", name.slice(0, 120));
        box.setAttribute("data-scroll-region", "");
      } else if (box.hasAttribute("data-scroll-region")) {
        ["tabindex", "role", "aria-label", "data-scroll-region"].forEach(function (name) {
          box.removeAttribute(name);
        });
      }
    });
  }
  fitTables();
  window.addEventListener("resize", fitTables);
  document.body.addEventListener("htmx:afterSettle", fitTables);

  // ---------------------------------------------------------------------------------
  // The menu folds behind a button on narrow screens.
  var toggler = document.querySelector("[data-menu-toggle]");
  if (toggler) {
    toggler.addEventListener("click", function () {
      var menu = document.getElementById(toggler.getAttribute("aria-controls"));
      var open = menu.classList.toggle("show");
      toggler.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
})();

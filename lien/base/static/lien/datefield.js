// Date fields typed dd/mm/yyyy whatever the browser's language (lien/base/fields.py),
// with the browser's own calendar as a picker: a button next to each field opens a
// hidden <input type="date"> and writes the chosen day back as dd/mm/yyyy. No inline
// script or style, for the Content-Security-Policy; by keyboard, the button is in the
// tab order and the calendar is the browser's own, which arrows and Enter drive.
(function () {
  "use strict";

  function pad(number) {
    return String(number).padStart(2, "0");
  }

  // "12/03/1980" → "1980-03-12", or "" when the text is not a whole date.
  function toIso(text) {
    var match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text.trim());
    return match ? match[3] + "-" + pad(match[2]) + "-" + pad(match[1]) : "";
  }

  function fromIso(iso) {
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
    return match ? match[3] + "/" + match[2] + "/" + match[1] : "";
  }

  // A calendar drawn in SVG (an emoji needs a font the workstation may lack).
  function calendarIcon() {
    var svg = "http://www.w3.org/2000/svg";
    var icon = document.createElementNS(svg, "svg");
    icon.setAttribute("viewBox", "0 0 16 16");
    icon.setAttribute("width", "16");
    icon.setAttribute("height", "16");
    icon.setAttribute("fill", "currentColor");
    icon.setAttribute("aria-hidden", "true");
    icon.setAttribute("focusable", "false");
    var path = document.createElementNS(svg, "path");
    path.setAttribute(
      "d",
      "M4 0a.5.5 0 0 1 .5.5V1h7V.5a.5.5 0 0 1 1 0V1H14a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H2a2 " +
        "2 0 0 1-2-2V3a2 2 0 0 1 2-2h1.5V.5A.5.5 0 0 1 4 0zM1 5v9a1 1 0 0 0 1 1h12a1 1 0 0 " +
        "0 1-1V5H1zm3 2h2v2H4V7zm3 0h2v2H7V7zm3 0h2v2h-2V7zM4 10h2v2H4v-2zm3 0h2v2H7v-2z"
    );
    icon.appendChild(path);
    return icon;
  }

  function enhance(input) {
    if (input.dataset.pickerReady) {
      return;
    }
    input.dataset.pickerReady = "1";
    var group = document.createElement("div");
    group.className = "input-group date-field";
    input.parentNode.insertBefore(group, input);
    group.appendChild(input);

    var picker = document.createElement("input");
    picker.type = "date";
    picker.tabIndex = -1;
    picker.className = "date-picker-native";
    picker.setAttribute("aria-hidden", "true");
    group.appendChild(picker);

    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-secondary date-picker-button";
    button.setAttribute("aria-label", input.dataset.pickerLabel || "");
    button.title = input.dataset.pickerLabel || "";
    button.appendChild(calendarIcon());
    group.appendChild(button);

    button.addEventListener("click", function () {
      picker.value = toIso(input.value);
      if (typeof picker.showPicker === "function") {
        try {
          picker.showPicker();
          return;
        } catch (error) {
          // Not allowed here (an old browser): the text input still takes the date.
        }
      }
      input.focus();
    });
    picker.addEventListener("change", function () {
      if (picker.value) {
        input.value = fromIso(picker.value);
        input.dispatchEvent(new Event("input", { bubbles: true }));
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }
      input.focus();
    });
  }

  function enhanceAll(root) {
    root.querySelectorAll("input[data-date-picker]").forEach(enhance);
  }

  enhanceAll(document);
  // Parts of a page that htmx swaps in (a card saved, a form with its errors).
  document.addEventListener("htmx:load", function (event) {
    enhanceAll(event.target);
  });
})();

// Editions compared frame by frame: turns each [data-compare] block of labelled captures (two or
// more editions at one timecode) into one picture with a slider: the left part shows one edition,
// the right part the other. Without this script the captures stay side by side, each labelled.
// The slider is a native range input (arrow keys, Page Up/Down, Home/End); with three editions or
// more, two menus choose which pair is compared. No inline styles (CSP): the divider's position
// is a CSS custom property set through the CSSOM, which CSP permits.
(function () {
  "use strict";

  var counter = 0;

  function option(select, frames, chosen) {
    frames.forEach(function (frame, index) {
      var item = document.createElement("option");
      item.value = String(index);
      item.textContent = frame.dataset.edition;
      item.selected = index === chosen;
      select.appendChild(item);
    });
  }

  function control(labelText, field) {
    var wrap = document.createElement("div");
    wrap.className = "shot-compare__control";
    var label = document.createElement("label");
    label.htmlFor = field.id;
    label.textContent = labelText;
    wrap.appendChild(label);
    wrap.appendChild(field);
    return wrap;
  }

  function enhance(block) {
    var frames = Array.prototype.slice.call(block.querySelectorAll(".shot-compare__frame"));
    if (frames.length < 2) {
      return;
    }
    var list = block.querySelector(".shot-compare__frames");
    var n = ++counter;
    var left = 0;
    var right = 1;
    var controls = document.createElement("div");
    controls.className = "shot-compare__controls";

    var slider = document.createElement("input");
    slider.type = "range";
    slider.min = "0";
    slider.max = "100";
    slider.step = "1";
    slider.value = "50";
    slider.id = "compare-slider-" + n;
    var sliderLabel = control("", slider);

    var menus = [];
    if (frames.length > 2) {
      ["Left", "Right"].forEach(function (side, index) {
        var select = document.createElement("select");
        select.id = "compare-" + side.toLowerCase() + "-" + n;
        option(select, frames, index);
        menus.push(select);
        controls.appendChild(control(side + " side", select));
      });
    }
    controls.appendChild(sliderLabel);
    list.parentNode.insertBefore(controls, list);

    function describe() {
      var value = Number(slider.value);
      var a = frames[left].dataset.edition;
      var b = frames[right].dataset.edition;
      sliderLabel.firstChild.textContent = "Slide between " + a + " (left) and " + b + " (right)";
      slider.setAttribute(
        "aria-valuetext",
        a + " on the left " + value + "%, " + b + " on the right " + (100 - value) + "%"
      );
      block.style.setProperty("--reveal", value + "%");
    }

    function arrange() {
      frames.forEach(function (frame, index) {
        frame.classList.toggle("is-base", index === left);
        frame.classList.toggle("is-top", index === right);
        frame.hidden = index !== left && index !== right;
      });
      describe();
    }

    menus.forEach(function (select, index) {
      select.addEventListener("change", function () {
        var chosen = Number(select.value);
        var other = index === 0 ? right : left;
        if (chosen === other) {
          // The same edition on both sides compares nothing: the other side takes the old one.
          if (index === 0) {
            right = left;
          } else {
            left = right;
          }
          menus[1 - index].value = String(index === 0 ? right : left);
        }
        if (index === 0) {
          left = chosen;
        } else {
          right = chosen;
        }
        arrange();
      });
    });
    slider.addEventListener("input", describe);
    block.classList.add("is-comparing");
    arrange();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-compare]"), enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

// Haven's only script: the hide-screen key, the 999 prompt, gentle recording nudges, the
// summary of a refused form's problems, send buttons that send once and the body map's taps.
// Everything works without it; it never blocks a submission.
(function () {
  "use strict";
  function ready(fn) { if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); } }
  ready(function () {
    var cover = document.getElementById("screen-cover");
    var hideButton = document.getElementById("hide-screen");
    // The cover hides the page from sight, from the keyboard and from screen readers, and the
    // tab's title says nothing about what was open; Esc or a tap brings it all back.
    var title = document.title;
    function toggleCover(show) {
      if (!cover) { return; }
      cover.hidden = !show;
      for (var i = 0; i < document.body.children.length; i++) {
        var part = document.body.children[i];
        if (part === cover || part.tagName === "SCRIPT") { continue; }
        if (show) { part.setAttribute("inert", ""); part.setAttribute("aria-hidden", "true"); }
        else { part.removeAttribute("inert"); part.removeAttribute("aria-hidden"); }
      }
      document.title = show ? "\u00a0" : title;
      if (show) { cover.focus(); } else if (hideButton) { hideButton.focus(); }
    }
    if (hideButton) { hideButton.addEventListener("click", function () { toggleCover(true); }); }
    if (cover) { cover.addEventListener("click", function () { toggleCover(false); }); }
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { toggleCover(cover && cover.hidden); }
    });
    var danger = document.getElementById("immediateDanger");
    var call999 = document.getElementById("call-999");
    if (danger && call999) {
      danger.addEventListener("change", function () {
        call999.hidden = !danger.checked;
        if (danger.checked) { call999.scrollIntoView({ block: "center" }); }
      });
    }
    // Gentle nudges (never a block) while the concern is being written, as the receipt would
    // give them: initials only and a very short account as they type; no time and no place once
    // they leave the account (shown above it, so nothing moves the box they are typing in), and
    // gone as soon as the time or place is filled in.
    var account = document.getElementById("account");
    var childName = document.getElementById("child.name");
    function field(id) { return document.getElementById(id); }
    function show(id, yes) { var nudge = field("nudge-" + id); if (nudge) { nudge.hidden = !yes; } }
    function initialsOnly(name) {
      var parts = name.split(/[ .]+/).filter(Boolean);
      if (parts.length === 0) { return false; }
      if (parts.length === 1) { return parts[0].length <= 3 && parts[0] === parts[0].toUpperCase() && parts[0] !== parts[0].toLowerCase(); }
      return parts.every(function (part) { return part.length === 1; });
    }
    function words() { return account ? account.value.trim().split(/\s+/).filter(Boolean).length : 0; }
    function nudge() {
      if (childName) { show("child.name", initialsOnly(childName.value.trim())); }
      if (!account) { return; }
      // A long account in a script written without spaces is not short.
      show("account", words() > 0 && words() < 12 && account.value.trim().length < 60);
      ["occurredAt", "location"].forEach(function (id) {
        if (field(id) && field(id).value.trim()) { show(id, false); }
      });
    }
    if (account) {
      account.addEventListener("blur", function () {
        ["occurredAt", "location"].forEach(function (id) { if (field(id)) { show(id, words() > 0 && !field(id).value.trim()); } });
      });
    }
    var pending;
    ["input", "change"].forEach(function (kind) {
      document.addEventListener(kind, function (event) {
        if (!event.target.closest || !event.target.closest("#concern-form")) { return; }
        clearTimeout(pending);
        pending = setTimeout(nudge, 400);
      });
    });
    // A refused form: the summary of its problems is read first, and each of its links puts
    // the cursor in the field it names (a group's first box).
    var summary = document.getElementById("form-errors");
    if (summary) {
      summary.focus();
      summary.addEventListener("click", function (event) {
        var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
        var target = link && document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
        if (!target) { return; }
        var field = target.matches("input, select, textarea") ? target : target.querySelector("input, select, textarea");
        if (field) { event.preventDefault(); target.scrollIntoView({ block: "center" }); field.focus(); }
      });
    }
    // A form's send button turns itself off once pressed, so a second tap on a slow connection
    // sends nothing more (the server also records a concern once per form: its submission key).
    // Back to a page kept in the browser's history, the buttons work again.
    document.addEventListener("submit", function (event) {
      var buttons = event.target.querySelectorAll("button[type=submit], button:not([type])");
      setTimeout(function () {
        for (var i = 0; i < buttons.length; i++) { buttons[i].disabled = true; buttons[i].setAttribute("aria-disabled", "true"); }
      }, 0);
    });
    window.addEventListener("pageshow", function () {
      var buttons = document.querySelectorAll("button[disabled][aria-disabled]");
      for (var i = 0; i < buttons.length; i++) { buttons[i].disabled = false; buttons[i].removeAttribute("aria-disabled"); }
    });
    // Other children: one row each; a button adds a row (the form has three without it).
    var addChild = document.getElementById("add-linked-child");
    var linkedRows = document.getElementById("linked-rows");
    if (addChild && linkedRows) {
      addChild.hidden = false;
      addChild.addEventListener("click", function () {
        var rows = linkedRows.querySelectorAll(".linked-row");
        if (rows.length >= 20) { return; }
        var last = rows[rows.length - 1];
        var row = last.cloneNode(true);
        var from = rows.length, to = rows.length + 1;
        row.setAttribute("aria-label", last.getAttribute("aria-label").replace(String(from), String(to)));
        var parts = row.querySelectorAll("input, label");
        for (var i = 0; i < parts.length; i++) {
          var part = parts[i];
          ["id", "name", "for"].forEach(function (attribute) {
            var value = part.getAttribute(attribute);
            if (value) { part.setAttribute(attribute, value.replace("linkedChild" + from + ".", "linkedChild" + to + ".")); }
          });
          if (part.tagName === "INPUT") { part.value = ""; }
        }
        linkedRows.appendChild(row);
        row.querySelector("input").focus();
      });
    }
    // The body map (R2.11): a tap on a part of an outline adds a mark, in the first empty row of
    // the list below (or a new row), with where it was tapped; the list is what is sent, and
    // works without a pointer. Each row's mark is drawn as its numbered dot.
    var map = document.getElementById("body-map-input");
    var markRows = document.getElementById("mark-rows");
    if (map && markRows) {
      var svgNS = "http://www.w3.org/2000/svg";
      var status = document.getElementById("body-map-status");
      var rowField = function (row, name) { return row.querySelector("[name$='." + name + "']"); };
      var isEmpty = function (row) {
        return ["place", "size", "colour", "explanation"].every(function (name) { return !rowField(row, name).value.trim(); });
      };
      var draw = function () {
        var old = map.querySelectorAll(".mark-dot");
        for (var i = 0; i < old.length; i++) { old[i].parentNode.removeChild(old[i]); }
        var rows = markRows.querySelectorAll(".mark-row");
        for (var r = 0; r < rows.length; r++) {
          var place = rowField(rows[r], "place").value.split(".");
          var svg = place.length === 2 && map.querySelector("svg[data-view='" + place[0] + "']");
          var part = svg && svg.querySelector("[data-part='" + place[1] + "']");
          if (!part) { continue; }
          var x = parseInt(rowField(rows[r], "x").value, 10), y = parseInt(rowField(rows[r], "y").value, 10);
          var at;
          if (isNaN(x) || isNaN(y)) { var box = part.getBBox(); at = { x: box.x + box.width / 2, y: box.y + box.height / 2 }; }
          else { at = { x: x * 200 / 1000, y: y * 440 / 1000 }; }
          var dot = document.createElementNS(svgNS, "g");
          dot.setAttribute("class", "mark-dot");
          var circle = document.createElementNS(svgNS, "circle");
          circle.setAttribute("cx", at.x); circle.setAttribute("cy", at.y); circle.setAttribute("r", "10");
          var number = document.createElementNS(svgNS, "text");
          number.setAttribute("x", at.x); number.setAttribute("y", at.y); number.setAttribute("dy", "4");
          number.textContent = rows[r].getAttribute("data-row");
          dot.appendChild(circle); dot.appendChild(number); svg.appendChild(dot);
        }
      };
      // A new row: a copy of the last, renumbered and emptied.
      var addRow = function () {
        var rows = markRows.querySelectorAll(".mark-row");
        if (rows.length >= 40) { return null; }
        var last = rows[rows.length - 1];
        var from = last.getAttribute("data-row"), to = String(Number(from) + 1);
        var row = last.cloneNode(true);
        row.setAttribute("data-row", to);
        row.setAttribute("aria-label", last.getAttribute("aria-label").replace(from, to));
        row.querySelector(".mark-number").textContent = to;
        var parts = row.querySelectorAll("input, select, textarea, label");
        for (var i = 0; i < parts.length; i++) {
          ["id", "name", "for"].forEach(function (attribute) {
            var value = parts[i].getAttribute(attribute);
            if (value) { parts[i].setAttribute(attribute, value.replace("mark" + from + ".", "mark" + to + ".")); }
          });
          if (parts[i].tagName !== "LABEL") { parts[i].value = ""; }
        }
        markRows.appendChild(row);
        return row;
      };
      map.addEventListener("click", function (event) {
        var part = event.target.closest ? event.target.closest(".body-part") : null;
        if (!part) { return; }
        var svg = part.ownerSVGElement;
        var point = svg.createSVGPoint();
        point.x = event.clientX; point.y = event.clientY;
        var at = point.matrixTransform(svg.getScreenCTM().inverse());
        var rows = markRows.querySelectorAll(".mark-row"), row = null;
        for (var i = 0; i < rows.length && !row; i++) { if (isEmpty(rows[i])) { row = rows[i]; } }
        row = row || addRow();
        if (!row) { return; }
        var select = rowField(row, "place");
        select.value = svg.getAttribute("data-view") + "." + part.getAttribute("data-part");
        rowField(row, "x").value = Math.max(0, Math.min(1000, Math.round(at.x / 200 * 1000)));
        rowField(row, "y").value = Math.max(0, Math.min(1000, Math.round(at.y / 440 * 1000)));
        draw();
        if (status) {
          status.textContent = row.getAttribute("aria-label") + ": " + select.options[select.selectedIndex].text + ". "
            + status.getAttribute("data-added");
        }
        rowField(row, "size").focus();
      });
      // A place chosen from the list is drawn in the middle of its part.
      markRows.addEventListener("change", function (event) {
        if (event.target.tagName !== "SELECT") { return; }
        var row = event.target.closest(".mark-row");
        rowField(row, "x").value = ""; rowField(row, "y").value = "";
        draw();
      });
      markRows.addEventListener("click", function (event) {
        if (!event.target.classList.contains("remove-mark")) { return; }
        var row = event.target.closest(".mark-row");
        var fields = row.querySelectorAll("input, select, textarea");
        for (var i = 0; i < fields.length; i++) { fields[i].value = ""; }
        draw();
        rowField(row, "place").focus();
      });
      var removers = markRows.querySelectorAll(".remove-mark");
      for (var i = 0; i < removers.length; i++) { removers[i].hidden = false; }
      var addMark = document.getElementById("add-mark");
      if (addMark) {
        addMark.hidden = false;
        addMark.addEventListener("click", function () { var row = addRow(); if (row) { rowField(row, "place").focus(); } });
      }
      draw();
    }
    var print = document.getElementById("print-page");
    if (print) { print.addEventListener("click", function () { window.print(); }); }
  });
})();

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
    // Back to the recording form after it was sent (a phone passed round a team): a fresh, empty
    // form, never the child's details again. The form's key is noted as it is sent and marked
    // received when its receipt shows; a refused form (no receipt) keeps everything typed.
    var concernForm = document.getElementById("concern-form");
    var formKey = concernForm && concernForm.querySelector("input[name=submission]");
    try {
      if (document.getElementById("receipt-reference") && sessionStorage.getItem("haven-sending")) {
        sessionStorage.setItem("haven-sent", sessionStorage.getItem("haven-sending"));
      }
      if (formKey) {
        concernForm.addEventListener("submit", function () { sessionStorage.setItem("haven-sending", formKey.value); });
        window.addEventListener("pageshow", function () {
          if (sessionStorage.getItem("haven-sent") === formKey.value) { location.replace("/concerns/new"); }
        });
      }
    } catch (ignored) { /* no storage (a private window): the browser's own history is all there is */ }
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
    // The body map (R2.11): a tap on a part of an outline (or just beside one) adds a mark, in
    // the first empty row of the list below (or a new row), with where it was tapped; the list is
    // what is sent, and works without a pointer. Each row's mark is drawn as its numbered dot.
    // Removing a mark takes its row away and numbers the rest again, so the numbers the DSL reads
    // are the ones on the form; it can be put back.
    var map = document.getElementById("body-map-input");
    var markRows = document.getElementById("mark-rows");
    if (map && markRows) {
      var svgNS = "http://www.w3.org/2000/svg";
      var status = document.getElementById("body-map-status");
      var undo = document.getElementById("undo-remove");
      var removed = null;
      var rowField = function (row, name) { return row.querySelector("[name$='." + name + "']"); };
      var rows = function () { return markRows.querySelectorAll(".mark-row"); };
      var isEmpty = function (row) {
        return ["place", "size", "colour", "explanation"].every(function (name) { return !rowField(row, name).value.trim(); });
      };
      var say = function (text) { if (status) { status.textContent = text; } };
      var draw = function () {
        var old = map.querySelectorAll(".mark-dot");
        for (var i = 0; i < old.length; i++) { old[i].parentNode.removeChild(old[i]); }
        var all = rows();
        for (var r = 0; r < all.length; r++) {
          all[r].querySelector(".remove-mark").hidden = isEmpty(all[r]);
          var place = rowField(all[r], "place").value.split(".");
          var svg = place.length === 2 && map.querySelector("svg[data-view='" + place[0] + "']");
          var part = svg && svg.querySelector("[data-part='" + place[1] + "']");
          if (!part) { continue; }
          var x = parseInt(rowField(all[r], "x").value, 10), y = parseInt(rowField(all[r], "y").value, 10);
          var at;
          if (isNaN(x) || isNaN(y)) { var box = part.getBBox(); at = { x: box.x + box.width / 2, y: box.y + box.height / 2 }; }
          else { at = { x: x * 200 / 1000, y: y * 440 / 1000 }; }
          var dot = document.createElementNS(svgNS, "g");
          dot.setAttribute("class", "mark-dot");
          var circle = document.createElementNS(svgNS, "circle");
          circle.setAttribute("cx", at.x); circle.setAttribute("cy", at.y); circle.setAttribute("r", "10");
          var label = document.createElementNS(svgNS, "text");
          label.setAttribute("x", at.x); label.setAttribute("y", at.y); label.setAttribute("dy", "4");
          label.textContent = all[r].getAttribute("data-row");
          dot.appendChild(circle); dot.appendChild(label); svg.appendChild(dot);
        }
      };
      // A row given another number: its name, its fields' names and ids, its labels.
      var number = function (row, to) {
        var from = row.getAttribute("data-row");
        to = String(to);
        if (from === to) { return; }
        row.setAttribute("data-row", to);
        row.setAttribute("aria-label", row.getAttribute("aria-label").replace(from, to));
        row.querySelector(".mark-number").textContent = to;
        var remove = row.querySelector(".remove-mark");
        remove.textContent = remove.textContent.replace(from, to);
        var parts = row.querySelectorAll("input, select, textarea, label, p");
        for (var i = 0; i < parts.length; i++) {
          ["id", "name", "for"].forEach(function (attribute) {
            var value = parts[i].getAttribute(attribute);
            if (value) { parts[i].setAttribute(attribute, value.replace("mark" + from + ".", "mark" + to + ".")); }
          });
        }
      };
      var renumber = function () { var all = rows(); for (var i = 0; i < all.length; i++) { number(all[i], i + 1); } };
      // A new row: a copy of the last, numbered next and emptied.
      var addRow = function () {
        var all = rows();
        if (all.length >= 40) { return null; }
        var row = all[all.length - 1].cloneNode(true);
        var fields = row.querySelectorAll("input, select, textarea");
        for (var i = 0; i < fields.length; i++) { fields[i].value = ""; fields[i].removeAttribute("aria-invalid"); }
        var problems = row.querySelectorAll(".field-error");
        for (var j = 0; j < problems.length; j++) { problems[j].parentNode.removeChild(problems[j]); }
        markRows.appendChild(row);
        number(row, all.length + 1);
        return row;
      };
      // The part tapped, or the nearest within a fingertip of the tap.
      var partAt = function (svg, event, at) {
        var hit = event.target.closest ? event.target.closest(".body-part") : null;
        if (hit) { return hit; }
        var best = null, nearest = 16;
        var parts = svg.querySelectorAll(".body-part");
        for (var i = 0; i < parts.length; i++) {
          var box = parts[i].getBBox();
          var dx = Math.max(box.x - at.x, 0, at.x - box.x - box.width);
          var dy = Math.max(box.y - at.y, 0, at.y - box.y - box.height);
          var distance = Math.sqrt(dx * dx + dy * dy);
          if (distance < nearest) { nearest = distance; best = parts[i]; }
        }
        if (best) {
          var b = best.getBBox();
          at.x = Math.min(Math.max(at.x, b.x + 2), b.x + b.width - 2);
          at.y = Math.min(Math.max(at.y, b.y + 2), b.y + b.height - 2);
        }
        return best;
      };
      map.addEventListener("click", function (event) {
        var svg = event.target.closest ? event.target.closest("svg") : null;
        if (!svg) { return; }
        var point = svg.createSVGPoint();
        point.x = event.clientX; point.y = event.clientY;
        var at = point.matrixTransform(svg.getScreenCTM().inverse());
        at = { x: at.x, y: at.y };
        var part = partAt(svg, event, at);
        if (!part) { return; }
        var all = rows(), row = null;
        for (var i = 0; i < all.length && !row; i++) { if (isEmpty(all[i])) { row = all[i]; } }
        row = row || addRow();
        if (!row) { return; }
        var select = rowField(row, "place");
        select.value = svg.getAttribute("data-view") + "." + part.getAttribute("data-part");
        rowField(row, "x").value = Math.max(0, Math.min(1000, Math.round(at.x / 200 * 1000)));
        rowField(row, "y").value = Math.max(0, Math.min(1000, Math.round(at.y / 440 * 1000)));
        draw();
        // The page stays on the map (no keyboard opens): the line under it says what was marked.
        say(row.getAttribute("aria-label") + ": " + select.options[select.selectedIndex].text + ". "
          + status.getAttribute("data-added"));
        if (undo) { undo.hidden = true; }
      });
      // A place chosen from the list is drawn in the middle of its part.
      markRows.addEventListener("change", function (event) {
        if (event.target.tagName !== "SELECT") { return; }
        var row = event.target.closest(".mark-row");
        rowField(row, "x").value = ""; rowField(row, "y").value = "";
        draw();
      });
      markRows.addEventListener("input", function () { draw(); });
      markRows.addEventListener("click", function (event) {
        if (!event.target.classList.contains("remove-mark")) { return; }
        var row = event.target.closest(".mark-row");
        var all = Array.prototype.slice.call(rows());
        removed = { row: row, at: all.indexOf(row) };
        if (all.length > 1) {
          row.parentNode.removeChild(row);
        } else {
          removed.values = Array.prototype.map.call(row.querySelectorAll("input, select, textarea"), function (f) { return f.value; });
          Array.prototype.forEach.call(row.querySelectorAll("input, select, textarea"), function (f) { f.value = ""; });
        }
        renumber();
        draw();
        say(status.getAttribute("data-removed"));
        if (undo) { undo.hidden = false; undo.focus(); }
      });
      if (undo) {
        undo.addEventListener("click", function () {
          if (!removed) { return; }
          if (removed.values) {
            Array.prototype.forEach.call(removed.row.querySelectorAll("input, select, textarea"), function (f, i) { f.value = removed.values[i]; });
          } else {
            var all = rows();
            markRows.insertBefore(removed.row, all[removed.at] || null);
          }
          renumber();
          draw();
          var place = rowField(removed.row, "place");
          say(removed.row.getAttribute("aria-label") + ": " + (place.value ? place.options[place.selectedIndex].text : ""));
          undo.hidden = true;
          place.focus();
          removed = null;
        });
      }
      var addMark = document.getElementById("add-mark");
      if (addMark) {
        addMark.hidden = false;
        addMark.addEventListener("click", function () { var row = addRow(); if (row) { draw(); rowField(row, "place").focus(); } });
      }
      draw();
    }
    var print = document.getElementById("print-page");
    if (print) { print.addEventListener("click", function () { window.print(); }); }
  });
})();

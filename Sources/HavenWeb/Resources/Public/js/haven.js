// Haven's only script: the hide-screen key, the 999 prompt, gentle recording nudges, the
// summary of a refused form's problems and send buttons that send once.
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
    var print = document.getElementById("print-page");
    if (print) { print.addEventListener("click", function () { window.print(); }); }
  });
})();

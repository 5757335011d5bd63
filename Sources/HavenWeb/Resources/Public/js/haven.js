// Haven's only script: the hide-screen key, the 999 prompt, gentle recording nudges, the
// summary of a refused form's problems and send buttons that send once.
// Everything works without it; it never blocks a submission.
(function () {
  "use strict";
  function ready(fn) { if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); } }
  ready(function () {
    var cover = document.getElementById("screen-cover");
    var hideButton = document.getElementById("hide-screen");
    function toggleCover(show) { if (cover) { cover.hidden = !show; } }
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
    var account = document.getElementById("account");
    var nudge = document.getElementById("nudge-account");
    if (account && nudge) {
      account.addEventListener("blur", function () {
        var words = account.value.trim().split(/\s+/).filter(Boolean).length;
        nudge.hidden = words === 0 || words >= 12;
      });
    }
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
    var print = document.getElementById("print-page");
    if (print) { print.addEventListener("click", function () { window.print(); }); }
  });
})();

// Haven's only script: the hide-screen key, the 999 prompt and gentle recording nudges.
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
    var print = document.getElementById("print-page");
    if (print) { print.addEventListener("click", function () { window.print(); }); }
  });
})();

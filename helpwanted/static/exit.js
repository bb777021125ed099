/* Quick exit (after the GOV.UK "Exit this page" component): the button, Shift pressed
   three times, or the hidden first link. The page is blanked at once, then the browser
   goes to /exit with location.replace, which clears the session on the server and sends
   it on to a neutral site. Without JavaScript the same links simply go to /exit. */
(function () {
  "use strict";
  var body = document.body;
  var exitUrl = body.getAttribute("data-exit-url");
  var status = document.querySelector("[data-exit-status]");
  var lights = document.querySelector(".exit-progress");
  var presses = 0;
  var timer = null;
  var lastKeyWasModified = false;

  function exitPage(event) {
    if (event) { event.preventDefault(); }
    body.classList.add("exit-hide");
    var overlay = document.createElement("div");
    overlay.className = "exit-overlay";
    overlay.setAttribute("role", "alert");
    document.documentElement.appendChild(overlay);
    window.stop();  // drop requests still loading, so none of their answers arrives after the exit
    window.location.replace(exitUrl);
  }

  function showPresses() {
    if (!lights) { return; }
    var dots = lights.querySelectorAll("span");
    lights.classList.toggle("active", presses > 0);
    for (var i = 0; i < dots.length; i++) { dots[i].classList.toggle("lit", i < presses); }
  }

  function reset(announce) {
    presses = 0;
    clearTimeout(timer);
    showPresses();
    if (announce && status) { status.textContent = status.getAttribute("data-expired"); }
  }

  document.addEventListener("keyup", function (event) {
    // Shift used as a modifier (Shift+A) also fires a Shift keyup: do not count it.
    if ((event.key === "Shift" || event.keyCode === 16) && !lastKeyWasModified) {
      presses += 1;
      showPresses();
      clearTimeout(timer);
      if (presses >= 3) { exitPage(); return; }
      if (status) { status.textContent = status.getAttribute(presses === 1 ? "data-two" : "data-one"); }
      timer = setTimeout(function () { reset(true); }, 5000);
    } else if (presses > 0) {
      reset(false);
    }
    lastKeyWasModified = event.shiftKey;
  }, true);

  var links = document.querySelectorAll("[data-exit]");
  for (var i = 0; i < links.length; i++) { links[i].addEventListener("click", exitPage); }

  // A page restored from the back/forward cache must not show old answers.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      body.classList.add("exit-hide");
      window.location.reload();
    }
  });

  var printButton = document.querySelector("[data-print]");
  if (printButton) {
    printButton.hidden = false;
    printButton.addEventListener("click", function () { window.print(); });
  }

  // Before the idle time clears the answers, offer to keep them (WCAG 2.2.1 Timing Adjustable).
  var warning = document.querySelector("[data-idle-warning]");
  var idleSeconds = parseInt(body.getAttribute("data-idle-seconds"), 10);
  var idleTimer = null;
  function armIdleWarning() {
    clearTimeout(idleTimer);
    if (!warning || !(idleSeconds > 180) || !document.querySelector("form[method=post] input[name=node]")) { return; }
    idleTimer = setTimeout(function () { warning.hidden = false; }, (idleSeconds - 120) * 1000);
  }
  var keepButton = document.querySelector("[data-keep]");
  if (keepButton) {
    keepButton.addEventListener("click", function () {
      fetch(body.getAttribute("data-keep-url"), {
        method: "POST", credentials: "same-origin",
        headers: {"X-CSRFToken": body.getAttribute("data-csrf")}
      }).then(function (response) {
        if (response.ok) { warning.hidden = true; armIdleWarning(); }
      });
    });
  }
  armIdleWarning();

  // Print the advice sections open (CSS ::details-content does it too where supported), then close them again.
  var closedForPrint = [];
  window.addEventListener("beforeprint", function () {
    closedForPrint = Array.prototype.filter.call(
      document.querySelectorAll("details:not([open])"), function (d) { return !d.classList.contains("situation"); });
    closedForPrint.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    closedForPrint.forEach(function (d) { d.open = false; });
    closedForPrint = [];
  });

  var summary = document.querySelector("[data-focus]");
  if (summary) { summary.focus(); }
})();

/* The form editor and the help channels: after "Save and check" the page comes back at the part the
   editor was working in (not at the top), and a channel named in the address is open.
   Without JavaScript both pages still work: they come back at the top. */
(function () {
  "use strict";
  var form = document.querySelector("form.text-form");
  if (!form) { return; }
  var anchor = form.querySelector("input[name=anchor]");
  form.addEventListener("focusin", function (event) {
    var part = event.target.closest ? event.target.closest("section.node[id], details.channel[id]") : null;
    if (part && anchor) { anchor.value = part.id; }
  });
  function openTarget() {
    var target = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
    var details = target && target.closest ? target.closest("details") : null;
    if (details && !details.open) { details.open = true; target.scrollIntoView(); }
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
}());

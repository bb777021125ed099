/* The YAML editor: a problem's link puts the cursor on its line in the text box and marks it.
   Without JavaScript the same links lead to the numbered listing below the box. */
(function () {
  "use strict";
  var box = document.getElementById("source");
  var status = document.querySelector("[data-line-status]");
  if (!box) { return; }
  function offsets(line) {
    var lines = box.value.split("\n");
    var start = 0;
    for (var i = 0; i < line - 1 && i < lines.length; i += 1) { start += lines[i].length + 1; }
    var length = lines[Math.min(line, lines.length) - 1] || "";
    return [start, start + length.length];
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-line]") : null;
    if (!link) { return; }
    event.preventDefault();
    var line = parseInt(link.getAttribute("data-line"), 10);
    var range = offsets(line);
    box.focus();
    box.setSelectionRange(range[0], range[1]);
    var height = parseFloat(window.getComputedStyle(box).lineHeight) || 20;
    box.scrollTop = Math.max(0, (line - 3) * height);
    box.classList.add("marked");
    box.setAttribute("data-marked-line", String(line));
    if (status) { status.textContent = link.getAttribute("data-announce") || ""; }
  });
}());

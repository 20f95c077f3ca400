// copy.js adds a "Copy" button to each <pre data-copy> block. Without it the
// text stays selectable, so the page works the same without JavaScript.
"use strict";
document.querySelectorAll("pre[data-copy]").forEach(function (pre) {
  var button = document.createElement("button");
  button.type = "button";
  button.className = "copy";
  button.textContent = "Copy";
  button.setAttribute("aria-label", "Copy to clipboard");
  var reset;
  function say(text) {
    button.textContent = text;
    clearTimeout(reset);
    reset = setTimeout(function () { button.textContent = "Copy"; }, 2000);
  }
  button.addEventListener("click", function () {
    var text = pre.textContent;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { say("Copied"); }, selectAll);
    } else {
      selectAll();
    }
  });
  function selectAll() {
    var range = document.createRange();
    range.selectNodeContents(pre);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    say("Press Ctrl+C");
  }
  pre.parentNode.insertBefore(button, pre);
  pre.parentNode.classList.add("has-copy");
});

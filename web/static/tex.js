// tex.js renders the TeX math in paper titles and abstracts ($…$, \(…\),
// $$…$$, \[…\]) with KaTeX, which it loads only on pages that have some.
// The server sends the TeX source as escaped text, so without JavaScript it
// stays readable as written; KaTeX then builds its own DOM nodes over that
// text, trusting nothing (\href, \url and \includegraphics stay inert) and
// leaving any formula it cannot parse as it was.
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me) return;
  var selector = ".card-title a, .abstract .text, .snippet, main h1, .abstract-full, .because a";
  var math = /\$|\\\(|\\\[/;
  var els = Array.prototype.filter.call(document.querySelectorAll(selector), function (el) {
    return math.test(el.textContent);
  });
  if (!els.length) return;

  function load(src, done) {
    var s = document.createElement("script");
    s.src = src;
    s.onload = done;
    document.head.appendChild(s);
  }
  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = me.dataset.css;
  document.head.appendChild(css);
  load(me.dataset.katex, function () {
    load(me.dataset.autorender, function () {
      var options = {
        // Titles and abstracts are running text: every formula is inline.
        delimiters: [
          { left: "$$", right: "$$", display: false },
          { left: "\\[", right: "\\]", display: false },
          { left: "$", right: "$", display: false },
          { left: "\\(", right: "\\)", display: false }
        ],
        throwOnError: false,
        trust: false,
        strict: "ignore",
        maxExpand: 100,
        maxSize: 10
      };
      els.forEach(function (el) {
        window.renderMathInElement(el, options);
        el.classList.add("tex-rendered");
      });
    });
  });
})();

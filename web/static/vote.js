// vote.js sends the upvote buttons' choice to the JSON API instead of
// posting the form, so the count and the pressed state change in place,
// without a reload. Without JavaScript, or if the request fails, the form
// posts as usual and the server comes back to the same card.
"use strict";
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.matches || !form.matches("form[data-vote]")) {
    return;
  }
  event.preventDefault();
  var button = form.querySelector("button");
  var action = form.elements.action;
  if (button.disabled) {
    return; // a request is on its way
  }
  button.disabled = true;
  fetch(form.dataset.api, {
    method: action.value === "up" ? "POST" : "DELETE",
    credentials: "same-origin",
    headers: {"Accept": "application/json"}
  }).then(function (res) {
    if (!res.ok) {
      throw new Error("upvote: status " + res.status);
    }
    return res.json();
  }).then(function (v) {
    button.disabled = false;
    show(form, v.upvotes, v.upvoted);
  }).catch(function () {
    button.disabled = false;
    form.submit(); // the server answers: a sign-in page, a limit, an error
  });
});

// show updates every button of the same paper (a list may repeat it in
// "related" panels) to the count and state the server answered.
function show(form, count, upvoted) {
  document.querySelectorAll("form[data-vote]").forEach(function (f) {
    if (f.dataset.api !== form.dataset.api) {
      return;
    }
    var b = f.querySelector("button");
    f.elements.action.value = upvoted ? "down" : "up";
    b.setAttribute("aria-pressed", upvoted ? "true" : "false");
    b.title = upvoted ? "Take back your upvote" : "Upvote";
    b.querySelector(".n").textContent = String(count);
  });
}

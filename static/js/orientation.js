/* « Est-ce pour moi ? »: one question per screen when JavaScript runs. Without it, the form
   shows every question on one page and works the same (GET to the result).
   - each question shows alone, with « Précédente » and « Suivante » buttons and « Question n
     sur N » (in its legend); the submit button shows on the last one;
   - focus goes to the new question's legend, which says « Question n sur N »;
   - answers stay in the form: nothing is stored, nothing is sent before the last step;
   - mode salon: see below. */
(function () {
  "use strict";

  // Mode salon (a shared screen at a fair): going to the result and starting again replace
  // the page in the browser's history, so that the next visitor cannot go back to the
  // previous one's answers.
  Array.prototype.forEach.call(document.querySelectorAll("a[data-salon-replace]"), function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      window.location.replace(link.href);
    });
  });
  var salonForm = document.querySelector("form[data-salon-replace]");
  if (salonForm && window.URLSearchParams && window.FormData) {
    salonForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var query = new URLSearchParams(new FormData(salonForm)).toString();
      window.location.replace(salonForm.action + "?" + query);
    });
  }

  var form = document.querySelector("form[data-one-per-screen]");
  if (!form) return;
  var questions = Array.prototype.slice.call(form.querySelectorAll(".orientation-question"));
  if (questions.length < 2) return;
  var submit = form.querySelector(".orientation-submit");
  var current = 0;

  var steps = document.createElement("p");
  steps.className = "orientation-steps";
  var previous = button("Question précédente", "button button-secondary");
  var next = button("Question suivante", "button");
  steps.appendChild(previous);
  steps.appendChild(next);
  form.insertBefore(steps, submit);

  function button(label, css) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = css;
    element.textContent = label;
    return element;
  }

  function show(index, moveFocus) {
    current = Math.max(0, Math.min(index, questions.length - 1));
    questions.forEach(function (question, i) { question.hidden = i !== current; });
    previous.hidden = current === 0;
    next.hidden = current === questions.length - 1;
    submit.hidden = current !== questions.length - 1;
    if (moveFocus) {
      var legend = questions[current].querySelector("legend");
      legend.setAttribute("tabindex", "-1");
      legend.focus();
    }
  }

  previous.addEventListener("click", function () { show(current - 1, true); });
  next.addEventListener("click", function () { show(current + 1, true); });
  function fromHash(moveFocus) {
    var target = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
    var index = target ? questions.indexOf(target) : -1;
    if (index >= 0 || !moveFocus) show(index < 0 ? 0 : index, moveFocus);
  }

  // A question asked by the address (#question-nuit, an error message's link) opens there.
  window.addEventListener("hashchange", function () { fromHash(true); });
  fromHash(false);
})();

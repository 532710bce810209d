// Form 02 autosave: each answer is saved as soon as it is chosen, and the progress follows. Without scripts the
// form's own "Save" button posts every answer at once.
(function () {
  "use strict";
  const form = document.getElementById("self-assessment");
  if (!form || form.dataset.autosave !== "1") return;
  const status = document.getElementById("autosave");
  const progress = document.getElementById("progress");
  const progressText = document.getElementById("progress-text");
  const token = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  form.addEventListener("change", function (event) {
    const input = event.target;
    if (input.type !== "radio") return;
    const body = new FormData();
    body.append("criterion", input.closest("[data-criterion]").dataset.criterion);
    body.append("option", input.value);
    status.textContent = "…";
    fetch(form.action, {method: "POST", body: body, credentials: "same-origin",
                        headers: {"Accept": "application/json", "X-CSRFToken": token}})
      .then(function (response) {
        return response.json().then(function (data) { return {ok: response.ok, data: data}; });
      })
      .then(function (reply) {
        if (!reply.ok) {
          status.textContent = form.dataset.error + ": " + reply.data.error.message;
          return;
        }
        progress.value = reply.data.percent;
        progressText.textContent = form.dataset.progressTemplate
          .replace("%(done)s", reply.data.answered).replace("%(total)s", reply.data.criteria);
        status.textContent = reply.data.saved;
      })
      .catch(function () { status.textContent = form.dataset.error; });
  });
})();

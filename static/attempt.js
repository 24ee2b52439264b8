// The quiz page: a live countdown, and each answer saved as it is given.
// Without this script the page still works: answers are saved when the form is submitted.
(function () {
  "use strict";
  var form = document.getElementById("attempt");
  var timer = document.getElementById("timer");
  if (!form || !timer) return;
  var shown = document.getElementById("time-left");
  var status = document.getElementById("save-status");
  // the messages come from the page, in the reader's language
  function say(key) { status.textContent = status.getAttribute("data-" + key) || ""; }
  var left = parseInt(timer.getAttribute("data-seconds-left"), 10) || 0;
  var endsAt = Date.now() + left * 1000;
  var submitted = false;

  function tick() {
    var s = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
    var m = Math.floor(s / 60);
    var r = s % 60;
    shown.textContent = m + ":" + (r < 10 ? "0" : "") + r;
    if (s <= 60) timer.classList.add("urgent");
    if (s === 0 && !submitted) {
      submitted = true;
      form.submit();
      return;
    }
    window.setTimeout(tick, 1000);
  }
  tick();

  function save(fieldset) {
    var data = new URLSearchParams();
    data.append("_csrf", form.querySelector("input[name=_csrf]").value);
    fieldset.querySelectorAll("input").forEach(function (input) {
      if (input.type === "radio" || input.type === "checkbox") {
        if (input.checked) data.append(input.name, input.value);
      } else {
        data.append(input.name, input.value);
      }
    });
    say("saving");
    fetch(form.getAttribute("data-answer-url"), {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" }
    }).then(function (res) {
      if (res.status === 409) {
        window.location.reload();
        return null;
      }
      return res.ok ? res.json() : null;
    }).then(function (body) {
      if (!body) { say("failed"); return; }
      say(body.saved ? "saved" : "time-up");
      endsAt = Date.now() + body.seconds_left * 1000;
    }).catch(function () {
      say("offline");
    });
  }

  form.querySelectorAll("fieldset[data-position]").forEach(function (fieldset) {
    fieldset.addEventListener("change", function () { save(fieldset); });
  });
})();

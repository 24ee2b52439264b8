// Print buttons: the CSP forbids inline handlers, so they are wired here.
document.querySelectorAll("[data-print]").forEach(function (b) {
  b.addEventListener("click", function () { window.print(); });
});

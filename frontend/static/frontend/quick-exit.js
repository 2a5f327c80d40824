// Quick exit (the link works without this): with JavaScript on, the page is hidden at
// once and replaced in the history, so Back does not bring it up again.
document.addEventListener("click", function (event) {
  var link = event.target.closest ? event.target.closest("a.quick-exit") : null;
  if (!link || event.defaultPrevented || event.button !== 0) {
    return;
  }
  event.preventDefault();
  document.body.hidden = true;
  window.location.replace(link.href);
});

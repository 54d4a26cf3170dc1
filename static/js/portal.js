// Small progressive enhancements shared by every page. No page carries inline script: the
// Content-Security-Policy allows scripts from the portal's own static files only.
document.addEventListener("DOMContentLoaded", () => {
  // confirm before destructive or final actions: <button data-confirm="...">
  document.querySelectorAll("[data-confirm]").forEach((el) => {
    el.addEventListener("click", (event) => {
      if (!window.confirm(el.dataset.confirm)) event.preventDefault();
    });
  });
  // a section shown only while a field has a value: <div data-show-if="id_product" data-show-value="MICRO">
  document.querySelectorAll("[data-show-if]").forEach((section) => {
    const field = document.getElementById(section.dataset.showIf);
    if (!field) return;
    const sync = () => { section.style.display = field.value === section.dataset.showValue ? "" : "none"; };
    field.addEventListener("change", sync);
    sync();
  });
  // a select that submits its form when changed: <select data-submit-on-change>
  document.querySelectorAll("[data-submit-on-change]").forEach((el) => {
    el.addEventListener("change", () => el.form.submit());
  });
  // "back" links: <a data-history-back href="/">
  document.querySelectorAll("[data-history-back]").forEach((el) => {
    el.addEventListener("click", (event) => { event.preventDefault(); history.back(); });
  });
});

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
  // the menu on a small screen: the topbar's button opens it over the page; the backdrop, a link
  // or Escape closes it
  const toggle = document.querySelector(".nav-toggle");
  if (toggle) {
    const setOpen = (open) => {
      document.body.classList.toggle("nav-open", open);
      toggle.setAttribute("aria-expanded", String(open));
    };
    toggle.addEventListener("click", () => setOpen(!document.body.classList.contains("nav-open")));
    document.querySelector(".nav-backdrop")?.addEventListener("click", () => setOpen(false));
    document.addEventListener("keydown", (event) => { if (event.key === "Escape") setOpen(false); });
  }
  // "back" links: <a data-history-back href="/">
  document.querySelectorAll("[data-history-back]").forEach((el) => {
    el.addEventListener("click", (event) => { event.preventDefault(); history.back(); });
  });
});

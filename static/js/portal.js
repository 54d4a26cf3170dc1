// Small progressive enhancements shared by every page.
document.addEventListener("DOMContentLoaded", () => {
  // confirm before destructive or final actions: <button data-confirm="...">
  document.querySelectorAll("[data-confirm]").forEach((el) => {
    el.addEventListener("click", (event) => {
      if (!window.confirm(el.dataset.confirm)) event.preventDefault();
    });
  });
});

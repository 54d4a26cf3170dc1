// The installable web app: the service worker shows an offline page when the network is gone.
(() => {
  const script = document.currentScript;
  if ("serviceWorker" in navigator && script && script.dataset.serviceWorker) {
    window.addEventListener("load", () => {
      navigator.serviceWorker.register(script.dataset.serviceWorker, {scope: "/"}).catch(() => {});
    });
  }
})();
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
  // the top bar's search: answers as you type (the API, scoped like every read), Enter opens the page
  const searchForm = document.querySelector(".global-search");
  if (searchForm) {
    const input = searchForm.querySelector("input");
    const box = searchForm.querySelector(".global-search-results");
    let timer = null;
    let asked = 0;
    const hide = () => box.classList.remove("show");
    const show = (data, seq) => {
      if (seq !== asked) return; // an older answer arriving late
      box.replaceChildren();
      for (const group of data.groups) {
        const head = document.createElement("h6");
        head.className = "dropdown-header";
        head.textContent = group.label;
        box.append(head);
        for (const hit of group.hits) {
          const a = document.createElement("a");
          a.className = "dropdown-item";
          a.href = hit.url;
          const title = document.createElement("div");
          title.className = "fw-semibold";
          title.textContent = hit.title;
          const sub = document.createElement("div");
          sub.className = "small text-muted text-truncate";
          sub.textContent = hit.subtitle;
          a.append(title, sub);
          box.append(a);
        }
      }
      if (!data.groups.length) {
        const none = document.createElement("span");
        none.className = "dropdown-item-text text-muted small";
        none.textContent = searchForm.dataset.empty || "—";
        box.append(none);
      }
      box.classList.add("show");
    };
    input.addEventListener("input", () => {
      clearTimeout(timer);
      const q = input.value.trim();
      if (q.length < 2) { hide(); return; }
      timer = setTimeout(async () => {
        const seq = ++asked;
        try {
          const r = await fetch(`${searchForm.dataset.api}?${new URLSearchParams({q})}`, {
            headers: {Accept: "application/json"}, credentials: "same-origin",
          });
          if (r.ok) show(await r.json(), seq);
        } catch (e) { /* the page search still works with Enter */ }
      }, 200);
    });
    input.addEventListener("keydown", (event) => { if (event.key === "Escape") hide(); });
    document.addEventListener("click", (event) => { if (!searchForm.contains(event.target)) hide(); });
  }
  // buyer pickers: type a name or a registration number, choose a buyer; the form gets its id
  document.querySelectorAll("[data-buyer-picker]").forEach((picker) => {
    const value = picker.querySelector("[data-picker-value]");
    const input = picker.querySelector("[data-picker-input]");
    const list = picker.querySelector("[data-picker-results]");
    let timer = null;
    let asked = 0;
    const hide = () => list.classList.add("d-none");
    const show = (buyers, seq) => {
      if (seq !== asked) return;
      list.replaceChildren();
      if (!buyers.length) {
        const none = document.createElement("div");
        none.className = "list-group-item small text-muted";
        none.textContent = picker.dataset.empty || "—";
        list.append(none);
      }
      buyers.forEach((hit) => {
        const item = document.createElement("button");
        item.type = "button";
        item.className = "list-group-item list-group-item-action";
        item.setAttribute("role", "option");
        item.dataset.pickerOption = hit.id;
        const title = document.createElement("div");
        title.className = "fw-semibold";
        title.textContent = hit.title;
        const sub = document.createElement("div");
        sub.className = "small text-muted";
        sub.textContent = hit.subtitle;
        item.append(title, sub);
        item.addEventListener("click", () => {
          value.value = hit.id;
          input.value = hit.title;
          hide();
        });
        list.append(item);
      });
      list.classList.remove("d-none");
    };
    input.addEventListener("input", () => {
      value.value = "";  // typing again un-chooses the buyer until one is chosen
      clearTimeout(timer);
      const q = input.value.trim();
      if (q.length < 2) { hide(); return; }
      timer = setTimeout(async () => {
        const seq = ++asked;
        try {
          const r = await fetch(`${picker.dataset.api}?${new URLSearchParams({q})}`, {
            headers: {Accept: "application/json"}, credentials: "same-origin",
          });
          if (!r.ok) return;
          const data = await r.json();
          const group = (data.groups || []).find((g) => g.kind === "buyer");
          show(group ? group.hits : [], seq);
        } catch (e) { /* the field stays empty: the form then names it */ }
      }, 200);
    });
    input.addEventListener("keydown", (event) => { if (event.key === "Escape") hide(); });
    document.addEventListener("click", (event) => { if (!picker.contains(event.target)) hide(); });
  });
  // "back" links: <a data-history-back href="/">
  document.querySelectorAll("[data-history-back]").forEach((el) => {
    el.addEventListener("click", (event) => { event.preventDefault(); history.back(); });
  });
});

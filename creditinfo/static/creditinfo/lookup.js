// 资信红绿灯: ask the look-up API as the user types (debounced) and show each buyer's light.
(function () {
  const box = document.querySelector("[data-lookup]");
  if (!box) return;
  const input = box.querySelector("input[name=q]");
  const results = document.getElementById("lookup-results");
  const meta = document.getElementById("lookup-meta");
  const t = box.dataset;
  let timer = null;
  let seq = 0;

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function lamp(colour) {
    const tl = el("span", "tl tl-lg");
    tl.setAttribute("aria-hidden", "true");
    ["red", "yellow", "green"].forEach((c) => tl.appendChild(el("i", c === colour ? "on-" + c : "")));
    return tl;
  }

  function card(b) {
    const item = el("div", "card lookup-result mb-2 lr-" + b.light);
    item.dataset.testid = "lookup-result";
    item.dataset.light = b.light;
    const body = el("div", "card-body d-flex gap-3 align-items-center");
    body.appendChild(lamp(b.light));
    const main = el("div", "flex-grow-1");
    const head = el("div", "d-flex flex-wrap align-items-center gap-2");
    const link = el("a", "fw-semibold fs-5 text-decoration-none", b.display_name);
    link.href = b.url;
    head.appendChild(link);
    const badge = el("span", "light-badge light-badge-" + b.light, b.light_label);
    badge.dataset.light = b.light;
    head.appendChild(badge);
    main.appendChild(head);
    const names = [b.name, b.name_en, b.name_zh].filter((n, i, all) => n && n !== b.display_name && all.indexOf(n) === i);
    const idLine = [b.country_name, b.registration_number || b.swift_code].filter(Boolean).join(" · ");
    main.appendChild(el("div", "names", [names.join(" / "), idLine].filter(Boolean).join(" — ")));
    main.appendChild(el("div", "mt-1", b.light_reason)).dataset.testid = "light-reason";
    main.appendChild(el("div", "advice text-muted", b.advice));
    body.appendChild(main);
    item.appendChild(body);
    return item;
  }

  function render(data) {
    results.replaceChildren();
    if (data.too_short) {
      meta.textContent = t.tooShort;
      return;
    }
    if (!data.found) {
      meta.textContent = "";
      const none = el("div", "alert alert-secondary");
      none.dataset.testid = "lookup-none";
      none.appendChild(el("div", "fw-semibold", t.notFound.replace("%s", data.query)));
      none.appendChild(el("div", "small mb-2", t.notFoundHelp));
      const order = el("a", "btn btn-sm btn-primary", t.orderReport);
      order.href = data.report_order_url;
      none.appendChild(order);
      results.appendChild(none);
      return;
    }
    meta.textContent = (data.match === "registration" ? t.byRegistration : t.byName).replace("%s", data.buyers.length);
    data.buyers.forEach((b) => results.appendChild(card(b)));
  }

  async function ask(query) {
    const mine = ++seq;
    const started = performance.now();
    try {
      const response = await fetch(t.api + "?" + new URLSearchParams({ q: query }), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (mine !== seq) return; // a newer keystroke already asked
      if (!response.ok) {
        meta.textContent = t.error;
        return;
      }
      render(await response.json());
      const ms = Math.round(performance.now() - started);
      meta.dataset.ms = ms;
      history.replaceState(null, "", "?" + new URLSearchParams({ q: query }));
    } catch (err) {
      if (mine === seq) meta.textContent = t.error;
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const query = input.value.trim();
    if (!query) {
      seq++;
      results.replaceChildren();
      meta.textContent = "";
      return;
    }
    timer = setTimeout(() => ask(query), 180);
  });
  box.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    if (input.value.trim()) ask(input.value.trim());
  });
})();

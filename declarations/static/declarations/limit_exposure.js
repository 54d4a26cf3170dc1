// A limit's exposure, refreshed every ten seconds from its status URL.
(() => {
  const root = document.querySelector("[data-exposure-url]");
  if (!root) return;
  const fmt = (v) => "USD " + Number(v).toLocaleString("en-US", {minimumFractionDigits: 2, maximumFractionDigits: 2});
  async function refresh() {
    try {
      const r = await fetch(root.dataset.exposureUrl, {credentials: "same-origin"});
      if (r.ok) {
        const s = await r.json();
        document.getElementById("amount").textContent = fmt(s.amount_usd);
        document.getElementById("exposure").textContent = fmt(s.exposure_usd);
        document.getElementById("available").textContent = fmt(s.available_usd);
        const pct = Number(s.amount_usd) > 0 ? Math.min(100, 100 * Number(s.exposure_usd) / Number(s.amount_usd)) : 0;
        document.getElementById("used-bar").style.width = pct + "%";
        document.getElementById("updated").textContent = new Date().toLocaleTimeString();
      }
    } catch (e) { /* next tick */ }
    setTimeout(refresh, 10000);
  }
  setTimeout(refresh, 10000);
})();

// A limit batch's progress, polled from its status URL until the batch is finished.
(() => {
  const box = document.querySelector("[data-testid=batch-progress][data-status-url]");
  if (!box) return;
  const url = box.dataset.statusUrl;
  const set = (id, v) => { const el = document.getElementById(id); if (el) el.textContent = v; };
  const bar = document.getElementById("bar");
  async function poll() {
    try {
      const r = await fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin"});
      if (r.ok) {
        const s = await r.json();
        bar.style.width = s.progress + "%"; bar.textContent = s.progress + "%"; box.setAttribute("aria-valuenow", s.progress);
        set("percent", s.progress + "%"); set("processed", s.processed_rows); set("total", s.total_rows);
        set("done", s.done_rows); set("refused", s.refused_rows);
        if (s.finished) { window.location.reload(); return; }
      }
    } catch (e) { /* try again on the next tick */ }
    setTimeout(poll, 1000);
  }
  setTimeout(poll, 500);
})();

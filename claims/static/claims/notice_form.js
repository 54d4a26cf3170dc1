// The amount at risk follows the shipments ticked, until the user types their own.
(() => {
  const amount = document.getElementById("id_amount_at_risk_usd");
  if (!amount) return;
  let typed = amount.value !== "";
  amount.addEventListener("input", () => { typed = true; });
  document.querySelectorAll("input[name=declarations]").forEach((box) => box.addEventListener("change", () => {
    if (typed) return;
    let cents = 0;
    document.querySelectorAll("input[name=declarations]:checked").forEach((b) => { cents += Math.round(parseFloat(b.dataset.outstanding) * 100); });
    amount.value = cents ? (cents / 100).toFixed(2) : "";
  }));
})();

// Charts described by their canvas: <canvas data-chart="{Chart.js config as JSON}">
document.querySelectorAll("canvas[data-chart]").forEach((c) => new Chart(c, JSON.parse(c.dataset.chart)));

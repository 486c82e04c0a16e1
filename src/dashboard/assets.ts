/**
 * The dashboard's own CSS and script, served by the app itself (the commune's network may be
 * closed: no CDN). Chart.js comes from node_modules (see routes.ts).
 */
export const DASHBOARD_CSS = `
:root { --fg:#1d2433; --muted:#5b6475; --line:#d9dde5; --accent:#0b6e4f; --warn:#a33; --bg:#f6f7f9; }
* { box-sizing: border-box; }
body { margin:0; font: 16px/1.45 system-ui, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; color: var(--fg); background: var(--bg); }
header { background:#fff; border-bottom:1px solid var(--line); padding:.6rem 1rem; display:flex; flex-wrap:wrap; gap:.5rem 1rem; align-items:center; }
header .brand { font-weight:700; margin-right:auto; }
nav a, header a { color: var(--accent); text-decoration:none; }
nav { display:flex; flex-wrap:wrap; gap:.75rem; }
main { max-width: 1100px; margin: 0 auto; padding: 1rem; }
section { background:#fff; border:1px solid var(--line); border-radius:8px; padding:1rem; margin-bottom:1rem; }
h1 { font-size:1.4rem; margin:.2rem 0 1rem; } h2 { font-size:1.15rem; margin:0 0 .6rem; }
.big { font-size: 3rem; font-weight: 700; line-height:1; }
.target { color: var(--muted); }
.bar { position:relative; height:18px; background:#e8ebf0; border-radius:9px; margin:.6rem 0; overflow:hidden; }
.bar > span { position:absolute; left:0; top:0; bottom:0; background: var(--accent); }
.bar > i { position:absolute; top:-3px; bottom:-3px; width:3px; background: var(--warn); }
.def { color: var(--muted); font-size:.9rem; margin-top:.4rem; }
table { border-collapse: collapse; width:100%; font-size:.95rem; }
th, td { text-align:left; padding:.35rem .5rem; border-bottom:1px solid var(--line); vertical-align: top; }
td.num, th.num { text-align:right; font-variant-numeric: tabular-nums; }
.table-wrap { overflow-x:auto; }
.grid { display:grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap:1rem; }
form.inline { display:inline; }
input, button, select { font: inherit; padding:.45rem .6rem; border:1px solid var(--line); border-radius:6px; }
button { background: var(--accent); color:#fff; border-color: var(--accent); cursor:pointer; }
button.secondary { background:#fff; color: var(--accent); }
.error { color: var(--warn); } .note { color: var(--muted); font-size:.9rem; }
.login { max-width: 360px; margin: 3rem auto; }
.login label { display:block; margin:.6rem 0 .2rem; } .login input { width:100%; }
canvas { max-width:100%; }
@media print { header, nav, .noprint, .csv { display:none !important; } body { background:#fff; } section { border:none; padding:0; } }
`;

/** Draws every <canvas data-chart="id"> from the JSON block with the same id. */
export const DASHBOARD_JS = `
(function () {
  document.querySelectorAll('[data-print]').forEach(function (b) {
    b.addEventListener('click', function () { window.print(); });
  });
  if (!window.Chart) return;
  document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
    var block = document.getElementById(canvas.getAttribute('data-chart'));
    if (!block) return;
    var spec = JSON.parse(block.textContent);
    new window.Chart(canvas, spec);
  });
})();
`;

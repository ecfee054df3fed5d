// Learning curves as SVG: one polyline per trial, axes labelled with the data's range.
const SVG = 'http://www.w3.org/2000/svg';
const BOX = { left: 48, right: 12, top: 12, bottom: 28, width: 480, height: 260 };

function el(name, attributes, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function label(value) {
  return Math.abs(value) >= 1000 || value === 0 ? String(Math.round(value)) : value.toPrecision(3);
}

/** Draws `series` ([{ color, points: [{ x, y }] }]) into `svg`; records the point count on it. */
export function drawChart(svg, series) {
  const all = series.flatMap((s) => s.points);
  svg.replaceChildren();
  svg.dataset.points = String(all.length);
  const plot = { w: BOX.width - BOX.left - BOX.right, h: BOX.height - BOX.top - BOX.bottom };
  const [x0, x1] = [Math.min(0, ...all.map((p) => p.x)), Math.max(1, ...all.map((p) => p.x))];
  const ys = all.map((p) => p.y);
  const [y0, y1] = ys.length ? [Math.min(...ys), Math.max(...ys)] : [0, 1];
  const pad = (y1 - y0) * 0.05 || 0.5;
  const sx = (x) => BOX.left + ((x - x0) / (x1 - x0)) * plot.w;
  const sy = (y) => BOX.top + (1 - (y - (y0 - pad)) / (y1 - y0 + 2 * pad)) * plot.h;
  for (let i = 0; i <= 4; i++) {
    const y = y0 - pad + ((y1 - y0 + 2 * pad) * i) / 4;
    svg.append(el('line', { class: 'grid', x1: BOX.left, x2: BOX.left + plot.w, y1: sy(y), y2: sy(y) }));
    svg.append(el('text', { x: BOX.left - 6, y: sy(y) + 3, 'text-anchor': 'end' }, label(y)));
  }
  const bottom = BOX.top + plot.h;
  svg.append(el('line', { class: 'axis', x1: BOX.left, x2: BOX.left + plot.w, y1: bottom, y2: bottom }));
  svg.append(el('text', { x: BOX.left, y: bottom + 16 }, label(x0)));
  svg.append(el('text', { x: BOX.left + plot.w, y: bottom + 16, 'text-anchor': 'end' }, label(x1)));
  svg.append(
    el('text', { x: BOX.left + plot.w / 2, y: bottom + 16, 'text-anchor': 'middle' }, 'steps (batches)'),
  );
  if (all.length === 0) {
    svg.append(
      el(
        'text',
        { x: BOX.left + plot.w / 2, y: BOX.top + plot.h / 2, 'text-anchor': 'middle' },
        'waiting for metrics…',
      ),
    );
  }
  for (const { color, points } of series) {
    const coordinates = points.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
    svg.append(el('polyline', { points: coordinates, stroke: color }));
    const last = points.at(-1);
    if (last) svg.append(el('circle', { cx: sx(last.x), cy: sy(last.y), r: 3, fill: color }));
  }
}

// Usage per agent and day, drawn as stacked bars in inline SVG (no chart library, no inline style: colours are SVG
// presentation attributes). GET /api/v1/usage groups by one key, so each UTC day is one group_by=agent call over
// [day, next day); one more call over the whole period gives the totals table, which is also the chart's text form.
import { get, query } from './api.js';
import { $, h, svg } from './dom.js';

const COLOURS = ['#1f6feb', '#bf3989', '#1a7f37', '#9a6700', '#8250df', '#cf222e', '#0a7ea4', '#57606a'];
const DAY_MS = 86_400_000;

export async function enter() {
  await draw();
}

function days(count) {
  const today = new Date();
  const start = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - (count - 1) * DAY_MS;
  return Array.from({ length: count }, (_, i) => new Date(start + i * DAY_MS).toISOString().slice(0, 10));
}

const tokens = (g) => (g.usage ? g.usage.input_tokens + g.usage.output_tokens : 0);

async function draw() {
  const count = Number(new FormData($('#usage-form')).get('days')) || 14;
  const list = days(count);
  const next = (day) => new Date(Date.parse(day) + DAY_MS).toISOString().slice(0, 10);
  let names = new Map();
  let perDay;
  let totals;
  try {
    const [agents, total, ...byDay] = await Promise.all([
      get('/api/v1/agents?take=200').catch(() => ({ items: [] })),
      get(`/api/v1/usage${query({ group_by: 'agent', from: list[0], to: next(list.at(-1)) })}`),
      ...list.map((day) => get(`/api/v1/usage${query({ group_by: 'agent', from: day, to: next(day) })}`)),
    ]);
    names = new Map(agents.items.map((a) => [a.id, a.name]));
    totals = total.items;
    perDay = byDay.map((r) => r.items);
  } catch (e) {
    $('#usage-chart').replaceChildren(h('p', { class: 'error', role: 'alert' }, `Could not load usage: ${e.message}`));
    return;
  }
  const agentIds = totals.map((g) => g.key);
  const colour = new Map(agentIds.map((id, i) => [id, COLOURS[i % COLOURS.length]]));
  const label = (id) => names.get(id) || id;
  $('#usage-chart').replaceChildren(chart(list, perDay, colour, label));
  $('#usage-legend').replaceChildren(...agentIds.map((id) => h('li', {},
    swatch(colour.get(id)), ` ${label(id)}`)));
  $('#usage-table tbody').replaceChildren(...(totals.length ? totals.map((g) => h('tr', {},
    h('th', { scope: 'row' }, label(g.key)), h('td', {}, String(g.calls)),
    h('td', {}, String(g.usage ? g.usage.input_tokens : 0)), h('td', {}, String(g.usage ? g.usage.output_tokens : 0)),
    h('td', {}, g.cost == null ? 'not priced' : String(g.cost)))) : [h('tr', {}, h('td', { colspan: 5 }, 'No usage in this period.'))]));
}

function swatch(fill) {
  return svg('svg', { width: 12, height: 12, 'aria-hidden': 'true', focusable: 'false' }, svg('rect', { width: 12, height: 12, fill }));
}

function chart(list, perDay, colour, label) {
  const width = 720;
  const height = 260;
  const pad = { left: 56, right: 12, top: 12, bottom: 40 };
  const sums = perDay.map((groups) => groups.reduce((s, g) => s + tokens(g), 0));
  const max = Math.max(1, ...sums);
  const step = (width - pad.left - pad.right) / list.length;
  const barWidth = Math.max(4, step * 0.7);
  const y = (v) => height - pad.bottom - (v / max) * (height - pad.top - pad.bottom);
  const total = sums.reduce((a, b) => a + b, 0);
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': 'usage-svg-title usage-svg-desc', class: 'chart' },
    svg('title', { id: 'usage-svg-title' }, 'Tokens per agent and day'),
    svg('desc', { id: 'usage-svg-desc' }, total ? `${total} tokens over ${list.length} days; the table below has the totals per agent.` : 'No usage in this period.'),
    svg('line', { x1: pad.left, y1: y(0), x2: width - pad.right, y2: y(0), stroke: 'currentColor' }),
    svg('text', { x: pad.left - 6, y: y(max) + 4, 'text-anchor': 'end', class: 'tick' }, String(max)),
    svg('text', { x: pad.left - 6, y: y(0), 'text-anchor': 'end', class: 'tick' }, '0'));
  list.forEach((day, i) => {
    const x = pad.left + i * step + (step - barWidth) / 2;
    let base = 0;
    for (const g of perDay[i]) {
      const v = tokens(g);
      if (!v) continue;
      root.append(svg('rect', { x, y: y(base + v), width: barWidth, height: y(base) - y(base + v), fill: colour.get(g.key) || '#57606a', class: 'bar' },
        svg('title', {}, `${day} · ${label(g.key)}: ${v} tokens`)));
      base += v;
    }
    if (list.length <= 14 || i % 2 === 0)
      root.append(svg('text', { x: x + barWidth / 2, y: height - pad.bottom + 16, 'text-anchor': 'middle', class: 'tick' }, day.slice(5)));
  });
  return root;
}

$('#usage-form').addEventListener('submit', (event) => {
  event.preventDefault();
  draw();
});

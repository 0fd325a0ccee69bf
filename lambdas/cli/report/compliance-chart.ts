import { html, type SafeHtml } from './html';
import type { ComplianceSeries } from './report-model';

const WIDTH = 640;
const HEIGHT = 180;
const PAD = { left: 44, right: 16, top: 12, bottom: 28 };
const DAY_MS = 86_400_000;

function fmt(n: number): string {
  return n.toFixed(1);
}

/**
 * A line of one rule's compliance (percent of judged resources compliant) per day over the report
 * period, as inline SVG: the x axis is time, so gaps between evaluations show as gaps in days.
 * Each point carries a <title>, which browsers show on hover and screen readers read.
 */
export function complianceChart(series: ComplianceSeries, since: string, until: string): SafeHtml {
  const start = Date.parse(`${since.slice(0, 10)}T00:00:00.000Z`);
  const end = Math.max(Date.parse(until), start + DAY_MS);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (day: string) => PAD.left + (plotW * (Date.parse(`${day}T12:00:00.000Z`) - start)) / (end - start);
  const y = (percent: number) => PAD.top + plotH * (1 - percent / 100);
  const coords = series.points.map((p) => ({ p, cx: fmt(x(p.day)), cy: fmt(y(p.percent)) }));
  const gridLines = [0, 50, 100].map(
    (v) =>
      html`<line class="grid" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${fmt(y(v))}" y2="${fmt(y(v))}"></line><text class="axis" x="${PAD.left - 6}" y="${fmt(y(v) + 4)}" text-anchor="end">${v}%</text>`,
  );
  const lastDay = new Date(end - 1).toISOString().slice(0, 10);
  const last = series.points.at(-1);
  const label = `Compliance of ${series.ruleId} from ${since.slice(0, 10)} to ${lastDay}: ${series.points.length} day(s) with evaluations${last ? `, last ${fmt(last.percent)}% compliant on ${last.day}` : ''}`;
  return html`<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${label}" data-rule="${series.ruleId}" xmlns="http://www.w3.org/2000/svg">
${gridLines}
<text class="axis" x="${PAD.left}" y="${HEIGHT - 8}">${since.slice(0, 10)}</text>
<text class="axis" x="${WIDTH - PAD.right}" y="${HEIGHT - 8}" text-anchor="end">${lastDay}</text>
<polyline class="line" points="${coords.map((c) => `${c.cx},${c.cy}`).join(' ')}"></polyline>
${coords.map(
  (c) =>
    html`<circle class="point${c.p.nonCompliant > 0 ? ' bad' : ''}" cx="${c.cx}" cy="${c.cy}" r="4"><title>${c.p.day}: ${c.p.compliant} compliant, ${c.p.nonCompliant} non-compliant (${fmt(c.p.percent)}%)</title></circle>`,
)}
</svg>`;
}

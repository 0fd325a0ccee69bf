import type { JsonValue, Trigger } from '../../core/history/records';
import { complianceChart } from './compliance-chart';
import { html, type SafeHtml } from './html';
import type { DiffRow } from './json-diff';
import type { ReportModel } from './report-model';

const STYLE = `
:root { color-scheme: light; --ink: #1d2433; --muted: #5b6478; --line: #d8dde6; --bad: #b42318; --good: #067647; --warn: #b54708; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0 auto; max-width: 1100px; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 15px; margin: 16px 0 6px; }
.meta, .empty, .axis { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
th { background: #f4f6f9; font-weight: 600; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.counts td, .counts th { text-align: center; }
.sev-critical, .sev-high { color: var(--bad); font-weight: 600; }
.sev-medium { color: var(--warn); font-weight: 600; }
.diff tr.removed td.before { background: #fee4e2; }
.diff tr.added td.after { background: #dcfae6; }
.diff tr.changed td.before { background: #fee4e2; }
.diff tr.changed td.after { background: #dcfae6; }
.nowrap, time { white-space: nowrap; }
.expired { color: var(--bad); font-weight: 600; }
.active { color: var(--good); }
.chart { max-width: 100%; height: auto; background: #fbfcfd; border: 1px solid var(--line); }
.chart .grid { stroke: var(--line); stroke-width: 1; }
.chart .axis { font-size: 11px; fill: var(--muted); }
.chart .line { fill: none; stroke: #1570ef; stroke-width: 2; }
.chart .point { fill: #1570ef; }
.chart .point.bad { fill: var(--bad); }
article.change { border: 1px solid var(--line); border-radius: 6px; padding: 4px 12px 8px; margin: 10px 0; }
@media print { body { max-width: none; } article.change, figure { break-inside: avoid; } }
`;

/** No script may ever run in this page: whatever a resource name contains, the browser only draws. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

function time(iso: string): SafeHtml {
  return html`<time datetime="${iso}">${iso.replace('T', ' ').replace(/\.\d{3}Z$/, 'Z')}</time>`;
}

function section(id: string, title: string, count: number, body: SafeHtml, emptyText: string): SafeHtml {
  return html`<section id="${id}"><h2>${title} (${count})</h2>${count === 0 ? html`<p class="empty">${emptyText}</p>` : body}</section>`;
}

function table(headers: readonly string[], rows: readonly SafeHtml[], className = ''): SafeHtml {
  return html`<table${className ? html` class="${className}"` : ''}><thead><tr>${headers.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>${rows}</tbody></table>`;
}

function who(trigger: Trigger | undefined): string {
  if (!trigger) return '';
  return [trigger.source, trigger.principal, trigger.eventId].filter((s) => s !== undefined).join(' · ');
}

function diffTable(rows: readonly DiffRow[]): SafeHtml {
  if (rows.length === 0) return html`<p class="empty">No difference between the recorded before and after states.</p>`;
  return table(
    ['Path', 'Before', 'After'],
    rows.map((r) => {
      const change = r.before === undefined ? 'added' : r.after === undefined ? 'removed' : 'changed';
      return html`<tr class="${change}"><td class="path mono">${r.path}</td><td class="before mono">${r.before ?? '—'}</td><td class="after mono">${r.after ?? '—'}</td></tr>`;
    }),
    'diff',
  );
}

function apiCalls(actions: readonly JsonValue[]): string {
  return actions
    .map((a) =>
      typeof a === 'object' && a !== null && !Array.isArray(a) && typeof a.api === 'string' ? a.api : JSON.stringify(a),
    )
    .join(', ');
}

/** The auditor report: one self-contained HTML document (inline CSS and SVG, no script, no external asset). */
export function renderReport(model: ReportModel): string {
  const kinds = Object.keys(model.counts) as (keyof ReportModel['counts'])[];
  const summary = table(kinds, [html`<tr>${kinds.map((k) => html`<td>${model.counts[k]}</td>`)}</tr>`], 'counts');

  const compliance = model.compliance.map(
    (series) => html`<figure><figcaption><h3>${series.ruleId}</h3></figcaption>
${complianceChart(series, model.since, model.until)}
${table(
  ['Day', 'Compliant', 'Non-compliant', 'Compliant %'],
  series.points.map(
    (p) =>
      html`<tr><td>${p.day}</td><td>${p.compliant}</td><td>${p.nonCompliant}</td><td>${p.percent.toFixed(1)}</td></tr>`,
  ),
  'points',
)}</figure>`,
  );

  const openFindings = table(
    ['Severity', 'Rule', 'Resource', 'Finding', 'Internet exposure', 'First seen', 'Last seen'],
    model.openFindings.map(({ record, firstSeen }) => {
      const f = record.finding;
      const exposure = f.exposure
        ? `${f.exposure.reachableFromInternet ? 'Reachable' : 'Not reachable'}: ${f.exposure.evidence}`
        : 'not assessed';
      return html`<tr><td class="nowrap sev-${f.severity}">${f.severity}</td><td class="mono">${f.ruleId}</td><td class="mono">${f.resourceId}</td><td>${f.message}</td><td>${exposure}</td><td>${time(firstSeen)}</td><td>${time(record.at)}</td></tr>`;
    }),
    'findings',
  );

  const decisions = table(
    ['Time', 'Resource', 'Rule', 'Mode', 'Outcome', 'Verification', 'Reason', 'Trigger'],
    model.decisions.map((d) => {
      const v = d.verification;
      const verification = v
        ? `${v.passed ? 'passed' : 'failed'}: exposure ${v.exposureClosed ? 'closed' : 'not closed'}, ${v.intentsChecked} intent(s) checked${v.brokenIntents.length > 0 ? `, breaks ${v.brokenIntents.join(', ')}` : ''}`
        : 'not run';
      return html`<tr><td>${time(d.at)}</td><td class="mono">${d.resourceId}</td><td class="mono">${d.ruleId ?? ''}</td><td class="nowrap">${d.mode}</td><td class="nowrap">${d.outcome}</td><td>${verification}</td><td>${d.reason}</td><td>${who(d.trigger)}</td></tr>`;
    }),
    'decisions',
  );

  const remediations = model.remediations.map(
    ({
      record,
      diff,
    }) => html`<article class="change remediation"><h3>${time(record.at)} · <span class="mono">${record.resourceId}</span> · ${record.status}</h3>
<p>Calls: <span class="mono">${apiCalls(record.actions)}</span>${record.requestIds.length > 0 ? html` · request ids <span class="mono">${record.requestIds.join(', ')}</span>` : ''}${record.findingKey ? html` · finding <span class="mono">${record.findingKey}</span>` : ''}</p>
${diffTable(diff)}</article>`,
  );

  const exemptions = table(
    ['Resource', 'Rule', 'Owner', 'Reason', 'Declared in', 'Expires', 'Status'],
    model.exemptions.map(({ decision, exemption, expired, daysLeft }) => {
      const status = expired
        ? html`<span class="expired">expired ${-daysLeft} day(s) ago</span>`
        : html`<span class="active">expires in ${daysLeft} day(s)</span>`;
      return html`<tr><td class="mono">${decision.resourceId}</td><td class="mono">${decision.ruleId ?? ''}</td><td>${exemption.owner}</td><td>${exemption.reason}</td><td>${exemption.source}</td><td>${time(exemption.expiresAt)}</td><td>${status}</td></tr>`;
    }),
    'exemptions',
  );

  const rollbacks = model.rollbacks.map(
    ({
      record,
      diff,
    }) => html`<article class="change rollback"><h3>${time(record.at)} · <span class="mono">${record.resourceId}</span> · ${record.status}</h3>
<p>Undoes action <span class="mono">${record.rollsBack}</span>: ${record.reason}</p>
<p>Calls: <span class="mono">${apiCalls(record.actions)}</span>${record.requestIds.length > 0 ? html` · request ids <span class="mono">${record.requestIds.join(', ')}</span>` : ''}</p>
${diffTable(diff)}</article>`,
  );

  const errors = table(
    ['Time', 'Resource', 'Stage', 'Error', 'Message'],
    model.errors.map(
      (e) =>
        html`<tr><td>${time(e.at)}</td><td class="mono">${e.resourceId}</td><td>${e.stage}</td><td class="mono">${e.errorName}</td><td>${e.message}</td></tr>`,
    ),
    'errors',
  );

  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${model.title}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${model.title}</h1>
<p class="meta">Period ${time(model.since)} to ${time(model.until)} (end excluded) · generated ${time(model.generatedAt)} by NetWarden from its append-only history.</p>
</header>
<section id="summary"><h2>Records in the period</h2>${summary}</section>
${section('compliance', 'Compliance over time per rule', model.compliance.length, html`${compliance}`, 'No evaluations in this period.')}
${section('open-findings', 'Open findings', model.openFindings.length, openFindings, 'No open findings at the end of the period.')}
${section('decisions', 'Decisions', model.decisions.length, decisions, 'No decisions in this period.')}
${section('remediations', 'Remediations', model.remediations.length, html`${remediations}`, 'No remediation was applied in this period.')}
${section('exemptions', 'Exemptions', model.exemptions.length, exemptions, 'No exemption was used in this period.')}
${section('rollbacks', 'Rollbacks', model.rollbacks.length, html`${rollbacks}`, 'No rollback in this period.')}
${section('errors', 'Errors', model.errors.length, errors, 'No errors in this period.')}
</body>
</html>
`;
  return page.value;
}

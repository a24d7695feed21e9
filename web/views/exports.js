// Exports (model.md §6): recipient results and call history, CSV or JSON, cut by final status
// group. The engine writes the files (`exportTable`); this view only downloads them and says how
// many in-progress rows each one left out.
import { h, clear, setText, downloadBlob } from '../dom.js';
import { FINAL_STATUSES, STATUS_LABELS, formatNumber } from '../state.js';

const TABLES = [
  { table: 'recipients', label: 'recipient results', file: 'recipients' },
  { table: 'calls', label: 'call history', file: 'call-history' },
];

export function mountExports(root, ctx) {
  const { store, client } = ctx;
  const formatInputs = ['csv', 'json'].map((f) => h('input', { type: 'radio', name: 'export-format', value: f, id: `export-format-${f}` }));
  const splitInputs = [
    ['combined', 'One file with the chosen groups'],
    ['per_group', 'One file per group'],
  ].map(([v, label]) => [h('input', { type: 'radio', name: 'export-split', value: v, id: `export-split-${v}` }), label]);
  const groupInputs = FINAL_STATUSES.map((s) => h('input', { type: 'checkbox', value: s, id: `export-group-${s}` }));
  const allBtn = h('button', { type: 'button', class: 'btn btn-ghost btn-small' }, 'All groups');
  const noneBtn = h('button', { type: 'button', class: 'btn btn-ghost btn-small' }, 'None');
  const buttons = TABLES.map((t) => {
    const b = h('button', { type: 'button', class: 'btn btn-primary-outline', dataset: { table: t.table } }, h('span', { class: 'btn-icon icon-download', 'aria-hidden': 'true' }), h('span', { class: 'btn-text' }));
    b.addEventListener('click', () => run(t));
    return b;
  });
  const bomInput = h('input', { type: 'checkbox', id: 'export-bom' });
  const bomField = h('div', { class: 'check export-bom' }, bomInput,
    h('label', { for: bomInput.id }, 'For Excel and LibreOffice (UTF-8 byte order mark)'));
  const followupBtn = h('button', { type: 'button', class: 'btn btn-ghost', id: 'export-followup' }, 'Use these groups as a new campaign');
  followupBtn.addEventListener('click', () => useAsNewCampaign());
  const followupNote = h('p', { class: 'field-hint', id: 'export-followup-hint' },
    'Starts a new run whose recipients are the chosen groups: phone numbers and your CSV columns, as an upload.');
  followupBtn.setAttribute('aria-describedby', followupNote.id);
  if (!ctx.useAsNewCampaign) { followupBtn.hidden = true; followupNote.hidden = true; } // no form to fill
  const results = h('ul', { class: 'export-results', 'aria-live': 'polite', id: 'export-results' });
  const note = h('p', { class: 'export-note' });
  // A zoned campaign's exports carry local times with their offsets and the recipients' zones.
  const zoneNote = h('p', { class: 'field-hint export-zone-note', id: 'export-zone-note', hidden: true });

  root.append(h('div', { class: 'export-grid' },
    h('fieldset', { class: 'group compact' }, h('legend', null, 'Format'),
      h('div', { class: 'segmented' }, formatInputs.map((i) => [i, h('label', { for: i.id }, i.value.toUpperCase())])),
      bomField),
    h('fieldset', { class: 'group compact' }, h('legend', null, 'Files'),
      splitInputs.map(([i, label]) => h('div', { class: 'check' }, i, h('label', { for: i.id }, label)))),
    h('fieldset', { class: 'group compact groups' }, h('legend', null, 'Final status groups'),
      h('div', { class: 'group-checks' }, groupInputs.map((i) => h('div', { class: 'check' }, i,
        h('label', { for: i.id }, h('span', { class: `dot st-${i.value}`, 'aria-hidden': 'true' }), STATUS_LABELS[i.value])))),
      h('div', { class: 'group-buttons' }, allBtn, noneBtn))),
  h('div', { class: 'export-actions' }, buttons, note),
  zoneNote,
  h('div', { class: 'export-actions export-followup' }, followupBtn, followupNote),
  results);

  const setUi = (patch) => store.update((s) => ({ ...s, ui: { ...s.ui, ...patch } }));
  formatInputs.forEach((i) => i.addEventListener('change', () => setUi({ exportFormat: i.value })));
  splitInputs.forEach(([i]) => i.addEventListener('change', () => setUi({ exportSplit: i.value })));
  groupInputs.forEach((i) => i.addEventListener('change', () => setUi({ exportGroups: groupInputs.filter((g) => g.checked).map((g) => g.value) })));
  bomInput.addEventListener('change', () => setUi({ exportBom: bomInput.checked }));
  allBtn.addEventListener('click', () => setUi({ exportGroups: [...FINAL_STATUSES] }));
  noneBtn.addEventListener('click', () => setUi({ exportGroups: [] }));

  let busy = false;
  let lastLive = null;

  async function run(t) {
    const { ui, scenario } = store.state;
    const groups = FINAL_STATUSES.filter((s) => ui.exportGroups.includes(s));
    if (!groups.length) return;
    const batches = ui.exportSplit === 'per_group' ? groups.map((g) => [g]) : [groups];
    busy = true;
    buttons.forEach((b) => { b.disabled = true; });
    clear(results);
    const base = slug(scenario.name || 'campaign');
    try {
      for (const statuses of batches) {
        // The worker encodes the file and hands over a Blob: no big string on the main thread.
        const bom = ui.exportFormat === 'csv' && ui.exportBom;
        const res = await client.request('export', { table: t.table, statuses, format: ui.exportFormat, bom, as: 'blob' });
        const groupPart = statuses.length === FINAL_STATUSES.length ? 'all-final' : statuses.join('+');
        const fileName = `${base}-${t.file}-${groupPart}.${ui.exportFormat}`;
        downloadBlob(fileName, res.blob);
        results.append(h('li', { class: 'export-result' },
          h('strong', null, fileName), ': ', `${formatNumber(res.rows)} ${res.rows === 1 ? 'row' : 'rows'}. `,
          h('span', { class: 'excluded', dataset: { excluded: String(res.excludedInProgress) } },
            `${formatNumber(res.excludedInProgress)} in-progress ${res.excludedInProgress === 1 ? 'row' : 'rows'} left out.`)));
        // Give the browser a moment between files of a per-group export.
        if (batches.length > 1) await new Promise((r) => setTimeout(r, 150));
      }
    } catch (err) {
      results.append(h('li', { class: 'inline-error' }, `Export failed: ${err.message}`));
      ctx.reportError(`Export failed: ${err.message}`);
    } finally {
      busy = false;
      if (lastLive) update(store.state, lastLive);
    }
  }

  /** The chosen groups as the recipients of a new run (the engine's `followup` table). */
  async function useAsNewCampaign() {
    const { ui, scenario } = store.state;
    const groups = FINAL_STATUSES.filter((s) => ui.exportGroups.includes(s));
    if (!groups.length) return;
    busy = true;
    update(store.state, lastLive);
    clear(results);
    try {
      const res = await client.request('export', { table: 'followup', statuses: groups, format: 'csv', bom: false });
      if (res.rows === 0) {
        results.append(h('li', { class: 'inline-error' }, 'No recipient ended in the chosen groups: nothing to call again.'));
        return;
      }
      const groupPart = groups.length === FINAL_STATUSES.length ? 'all-final' : groups.join('+');
      const name = `${slug(scenario.name || 'campaign')}-followup-${groupPart}.csv`;
      busy = false;
      ctx.useAsNewCampaign(res.text, name);
    } catch (err) {
      results.append(h('li', { class: 'inline-error' }, `Could not start the follow-up campaign: ${err.message}`));
    } finally {
      busy = false;
      if (lastLive) update(store.state, lastLive);
    }
  }

  function update(state, live) {
    const { ui } = state;
    formatInputs.forEach((i) => { i.checked = i.value === ui.exportFormat; });
    splitInputs.forEach(([i]) => { i.checked = i.value === ui.exportSplit; });
    groupInputs.forEach((i) => { i.checked = ui.exportGroups.includes(i.value); });
    bomInput.checked = ui.exportBom !== false;
    bomField.hidden = ui.exportFormat !== 'csv';
    const n = ui.exportGroups.length;
    const c = live.sim ? live.sim.campaigns[0] : null;
    const launched = live.phase === 'launched';
    buttons.forEach((b, k) => {
      const t = TABLES[k];
      setText(b.querySelector('.btn-text'), `Export ${t.label} (${ui.exportFormat.toUpperCase()})`);
      b.disabled = busy || !launched || !c || n === 0;
    });
    followupBtn.disabled = busy || !launched || !c || n === 0 || !live.sim.finished;
    setText(followupNote, !launched || !c ? 'Launch the campaign, then start a new one from the groups it ends with.'
      : !live.sim.finished ? 'When the campaign has finished: starts a new run whose recipients are the chosen groups.'
        : 'Starts a new run whose recipients are the chosen groups: phone numbers and your CSV columns, as an upload. This run’s results are discarded: export them first to keep them.');
    const zone = live.sim && live.sim.clock.time_zone;
    zoneNote.hidden = !zone;
    setText(zoneNote, zone ? `Times are in ${zone} with their UTC offset (ISO 8601: 2026-03-09T09:00:00-04:00 is 09:00 at UTC−4). Both files have each recipient’s time_zone; the call history also has initiated_at_recipient_local, when each call started on the recipient’s own clock.` : '');
    if (!launched) setText(note, 'Launch the campaign to export its results.');
    else if (n === 0) setText(note, 'Choose at least one status group.');
    else if (c && c.counters.in_progress > 0) setText(note, `${formatNumber(c.counters.in_progress)} recipients are still in progress and will be left out.`);
    else setText(note, '');
  }

  return {
    render(state, live) {
      lastLive = live;
      update(state, live);
    },
  };
}


function slug(s) {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'campaign';
}

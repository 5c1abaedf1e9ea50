/**
 * Cross-team dependencies: a board, teams by the train's iterations, each entry in the dependent's row and
 * iteration, from the blocker's planned iteration; filters by team, feature and state; each entry opens both
 * issues. The list view holds the same entries as a table, for the keyboard and screen readers.
 */
import { useState } from 'react';
import Button from '@atlaskit/button/new';
import Select from '@atlaskit/select';
import { selectTexts } from '../../../shared/selectText';
import { currentTranslator } from '../../../shared/i18n';
import { router } from '@forge/bridge';
import { token } from '@atlaskit/tokens';
import { columnOf, type ComposedDependency, type ComposedTrain, type DependencyState } from '../../../../src/domain';
import type { ArtTeamDto } from '../../../../src/contracts';
import { useT, type MessageKey } from '../../../shared/i18n';
import { IssueKeyLink } from '../../../shared/IssueKeyLink';
import { Pill, ScrollArea, Section, tableStyle, tdStyle, thStyle, type PillTone } from '../../../shared/ui';

const STATES: DependencyState[] = ['late', 'cycle', 'sameIteration', 'unplanned', 'onTime'];
const STATE_TEXT: Record<DependencyState, MessageKey> = {
  late: 'art.deps.late',
  cycle: 'art.deps.cycle',
  sameIteration: 'art.deps.sameIteration',
  unplanned: 'art.deps.unplanned',
  onTime: 'art.deps.onTime',
};
const STATE_TONE: Record<DependencyState, PillTone> = { late: 'warning', cycle: 'discovery', sameIteration: 'information', unplanned: 'neutral', onTime: 'success' };

type Option = { label: string; value: string };

/** Board and list headers may wrap: the columns share the app frame's width. */
const boardHeadStyle = { ...thStyle, whiteSpace: 'normal' } as const;
const listHeadStyle = { ...thStyle, whiteSpace: 'normal' } as const;

export function ArtDependencies({ teams, composed }: { teams: ArtTeamDto[]; composed: ComposedTrain }) {
  const { t, tp } = useT();
  const [view, setView] = useState<'board' | 'list'>('board');
  const [team, setTeam] = useState<Option | null>(null);
  const [feature, setFeature] = useState<Option | null>(null);
  const [state, setState] = useState<Option | null>(null);
  const shown = composed.dependencies
    .filter((d) => !team || d.blocker.team === team.value || d.dependent.team === team.value)
    .filter((d) => !feature || d.features.includes(feature.value))
    .filter((d) => !state || d.state === state.value)
    .sort((a, b) => STATES.indexOf(a.state) - STATES.indexOf(b.state));
  const features = [...new Set(composed.dependencies.flatMap((d) => d.features))].sort();
  const stateName = (s: DependencyState) => t(STATE_TEXT[s]);
  return (
    <Section
      id="art-dependencies"
      title={t('art.deps.title')}
      description={t('art.deps.description')}
      actions={
        <div role="group" aria-label={t('art.deps.viewAs')} style={{ display: 'flex', gap: token('space.050') }}>
          <Button appearance={view === 'board' ? 'primary' : 'default'} aria-pressed={view === 'board'} onClick={() => setView('board')}>{t('art.deps.board')}</Button>
          <Button appearance={view === 'list' ? 'primary' : 'default'} aria-pressed={view === 'list'} onClick={() => setView('list')}>{t('art.deps.list')}</Button>
        </div>
      }
    >
      <div style={{ display: 'flex', gap: token('space.150'), flexWrap: 'wrap', marginBottom: token('space.150') }}>
        <Filter label={t('art.deps.filterTeam')} options={teams.map((x) => ({ label: x.team, value: x.team }))} value={team} onChange={setTeam} />
        <Filter label={t('art.deps.filterFeature')} options={features.map((f) => ({ label: f, value: f }))} value={feature} onChange={setFeature} />
        <Filter label={t('art.deps.filterState')} options={STATES.map((s) => ({ label: stateName(s), value: s }))} value={state} onChange={setState} />
      </div>
      <p role="status" style={{ margin: `0 0 ${token('space.100')}`, color: token('color.text.subtle') }}>
        {tp('art.deps.count', shown.length)}
        {' · '}
        {STATES.map((s) => `${stateName(s)}: ${shown.filter((d) => d.state === s).length}`).join(' · ')}
      </p>
      {view === 'board' ? <Board teams={teams} composed={composed} shown={shown} /> : <List shown={shown} />}
    </Section>
  );
}

function Filter({ label, options, value, onChange }: { label: string; options: Option[]; value: Option | null; onChange: (o: Option | null) => void }) {
  const { t } = useT();
  return (
    <div style={{ minWidth: 180 }}>
      <div style={{ fontSize: 12, fontWeight: 600, color: token('color.text.subtle') }}>{label}</div>
      <Select {...selectTexts(currentTranslator())} aria-label={label} isClearable placeholder={t('art.deps.all')} options={options} value={value} onChange={(o) => onChange(o ?? null)} spacing="compact" />
    </div>
  );
}

function openBoth(d: ComposedDependency): void {
  void router.open({ target: 'issue', issueKey: d.blocker.key }).catch(() => undefined);
  void router.open({ target: 'issue', issueKey: d.dependent.key }).catch(() => undefined);
}

/** One dependency on the board, on two lines: its state and both issues (each a link), and a button opening both. */
function Entry({ d }: { d: ComposedDependency }) {
  const { t } = useT();
  return (
    <div
      data-testid="art-dep-entry"
      style={{ borderLeft: `3px solid ${token('color.border.bold')}`, padding: `0 ${token('space.050')}`, marginBottom: token('space.075'), fontSize: 12, lineHeight: '18px' }}
    >
      <div style={{ display: 'flex', alignItems: 'center', gap: token('space.050'), flexWrap: 'wrap' }}>
        <IssueKeyLink issueKey={d.blocker.key} /> <span aria-hidden>→</span> <IssueKeyLink issueKey={d.dependent.key} />
      </div>
      <div style={{ display: 'flex', alignItems: 'center', gap: token('space.050'), flexWrap: 'wrap' }}>
        <Pill tone={STATE_TONE[d.state]}>{t(STATE_TEXT[d.state])}</Pill>
        <span style={{ color: token('color.text.subtle') }}>{d.blocker.iteration ? t('art.deps.blocksIn', { iteration: d.blocker.iteration.name }) : t('art.deps.blockerUnplanned')}</span>
        <Button spacing="compact" appearance="subtle" onClick={() => openBoth(d)} aria-label={t('art.deps.openBothOf', { blocker: d.blocker.key, dependent: d.dependent.key })}>
          {t('art.deps.openBoth')}
        </Button>
      </div>
    </div>
  );
}

function Board({ teams, composed, shown }: { teams: ArtTeamDto[]; composed: ComposedTrain; shown: ComposedDependency[] }) {
  const { t, date } = useT();
  const columns = composed.columns;
  const cell = new Map<string, ComposedDependency[]>();
  for (const d of shown) {
    const column = columnOf(columns, d.dependent.iteration);
    const key = `${d.dependent.team}|${column ?? 'none'}`;
    cell.set(key, [...(cell.get(key) ?? []), d]);
  }
  return (
    <ScrollArea label={t('art.deps.board')} maxHeight={640}>
      {/* Columns share the frame's width and entries wrap inside them: at 1024 px with Jira's sidebar (an app
          frame about 780 px wide) the board fits without a scrollbar of its own. */}
      <table style={{ ...tableStyle, tableLayout: 'fixed' }} aria-label={t('art.deps.board')} data-testid="art-dep-board">
        <thead>
          <tr>
            <th style={{ ...thStyle, width: 84 }} scope="col">{t('art.teams.team')}</th>
            {columns.map((c) => (
              <th key={c.id} style={boardHeadStyle} scope="col">
                <span style={{ whiteSpace: 'nowrap' }}>{date(c.start, { year: false })}</span> – <span style={{ whiteSpace: 'nowrap' }}>{date(c.end, { year: false })}</span>
                <div style={{ fontWeight: 400, fontSize: 12 }}>{c.name}</div>
              </th>
            ))}
            <th style={boardHeadStyle} scope="col">{t('art.deps.notPlanned')}</th>
          </tr>
        </thead>
        <tbody>
          {teams.map((team) => (
            <tr key={team.team}>
              <th style={{ ...tdStyle, verticalAlign: 'top', fontWeight: 600 }} scope="row">{team.team}</th>
              {[...columns.map((_, i) => String(i)), 'none'].map((column) => (
                <td key={column} style={{ ...tdStyle, verticalAlign: 'top', padding: token('space.050'), overflowWrap: 'anywhere' }}>
                  {(cell.get(`${team.team}|${column}`) ?? []).map((d) => (
                    <Entry key={`${d.blocker.key}>${d.dependent.key}`} d={d} />
                  ))}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollArea>
  );
}

function List({ shown }: { shown: ComposedDependency[] }) {
  const { t } = useT();
  return (
    <ScrollArea label={t('art.deps.list')} maxHeight={640}>
      <table style={tableStyle} aria-label={t('art.deps.list')} data-testid="art-dep-list">
        <thead>
          {/* Headers wrap ("Blocker's iteration" on two lines) so the list fits a 780 px app frame. */}
          <tr>
            <th style={listHeadStyle} scope="col">{t('art.deps.state')}</th>
            <th style={listHeadStyle} scope="col">{t('art.deps.blocker')}</th>
            <th style={listHeadStyle} scope="col">{t('art.deps.blockerIteration')}</th>
            <th style={listHeadStyle} scope="col">{t('art.deps.dependent')}</th>
            <th style={listHeadStyle} scope="col">{t('art.deps.dependentIteration')}</th>
            <th style={listHeadStyle} scope="col">{t('art.deps.features')}</th>
            <th style={listHeadStyle} scope="col"><span style={{ position: 'absolute', clip: 'rect(0 0 0 0)' }}>{t('art.deps.openBoth')}</span></th>
          </tr>
        </thead>
        <tbody>
          {shown.map((d) => (
            <tr key={`${d.blocker.key}>${d.dependent.key}`}>
              <td style={tdStyle}><Pill tone={STATE_TONE[d.state]}>{t(STATE_TEXT[d.state])}</Pill></td>
              <td style={tdStyle}><IssueKeyLink issueKey={d.blocker.key} /> ({d.blocker.team})</td>
              <td style={tdStyle}>{d.blocker.iteration?.name ?? t('art.deps.notPlanned')}</td>
              <td style={tdStyle}><IssueKeyLink issueKey={d.dependent.key} /> ({d.dependent.team})</td>
              <td style={tdStyle}>{d.dependent.iteration?.name ?? t('art.deps.notPlanned')}</td>
              <td style={tdStyle}>{d.features.join(', ')}</td>
              <td style={tdStyle}>
                <Button spacing="compact" onClick={() => openBoth(d)} aria-label={t('art.deps.openBothOf', { blocker: d.blocker.key, dependent: d.dependent.key })}>{t('art.deps.openBoth')}</Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollArea>
  );
}

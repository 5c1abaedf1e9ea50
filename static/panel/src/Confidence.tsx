import { useState, type FormEvent } from 'react';
import Button from '@atlaskit/button/new';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage from '@atlaskit/section-message';
import Tooltip from '@atlaskit/tooltip';
import { token } from '@atlaskit/tokens';
import type { ForecastDto, ForecastIterationDto, PeopleLoadDto, UnplannedDto } from '../../../src/contracts';
import { messageText } from '../../shared/errorText';
import { useT, type Translator } from '../../shared/i18n';
import { IssueKeyLink } from '../../shared/IssueKeyLink';
import { Section, ScrollArea, fmt, numStyle, tableStyle, tdStyle, thStyle } from '../../shared/ui';

type Available = Extract<ForecastDto, { available: true }>;
// Rows here carry `data-forecast-key`, not `data-key`: the Fill tab finds an item's place (to keep the focus on it) by `data-key`.

/** A probability as a whole percent that never reads as certain when it is not ("> 99 %", "< 1 %"). */
export function chance(tr: Translator, p: number): string {
  if (p > 0.99 && p < 1) return `> ${tr.percent(0.99)}`;
  if (p > 0 && p < 0.01) return `< ${tr.percent(0.01)}`;
  return tr.percent(p);
}

export function chanceColor(p: number | null): string {
  if (p === null) return token('color.text.subtle');
  return p >= 0.85 ? token('color.text.success') : p >= 0.5 ? token('color.text.warning') : token('color.text.danger');
}

/** The one line that says how the figures come about. */
function Explanation({ forecast }: { forecast: Available }) {
  const tr = useT();
  const t = tr.t;
  return (
    <p data-testid="forecast-explanation" style={{ margin: `${token('space.050')} 0`, color: token('color.text.subtle') }}>
      {t('forecast.explanation', { trials: forecast.trials, sprints: forecast.throughput.length, points: forecast.throughput.map((p) => fmt(p)).join(', ') })}
      {forecast.bufferPct > 0 ? ` ${t('forecast.explanationBuffer', { pct: forecast.bufferPct })}` : ''}
    </p>
  );
}

/** The iteration a top-points level lands in: the calendar's name, or the nth after the calendar with its estimated end. */
function iterationText(tr: Translator, it: ForecastIterationDto | null): string {
  if (it === null) return tr.t('forecast.top.beyond');
  if (it.name !== null) return tr.t('forecast.top.named', { name: it.name, end: it.end ? tr.date(it.end) : '' });
  return tr.t('forecast.top.estimated', { index: it.index, end: it.end ? tr.date(it.end) : '' });
}

/** How likely this plan is (Fill and Balance tabs): per iteration, committed stories and features by the PI's end, the top points. */
export function ForecastSection({ forecast, topPoints, onTopPoints }: { forecast: ForecastDto; topPoints: number | null; onTopPoints: (points: number | null) => void }) {
  const tr = useT();
  const t = tr.t;
  if (!forecast.available) {
    return (
      <Section id="forecast" title={t('forecast.title')}>
        <p data-testid="forecast-unavailable">{t('forecast.unavailable')}</p>
      </Section>
    );
  }
  return (
    <Section id="forecast" title={t('forecast.title')}>
      <div data-testid="forecast">
        <Explanation forecast={forecast} />
        {forecast.lowConfidence ? (
          <div style={{ margin: `${token('space.100')} 0` }}>
            <SectionMessage appearance="warning" title={t('forecast.lowConfidence.title')}>
              {t('forecast.lowConfidence.body', { sprints: forecast.throughput.length })}
            </SectionMessage>
          </div>
        ) : null}
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(300px, 1fr))', gap: token('space.300'), alignItems: 'start' }}>
          <table style={tableStyle} aria-label={t('forecast.iterations.label')}>
            <thead>
              <tr>
                <th style={thStyle} scope="col">{t('forecast.col.iteration')}</th>
                <th style={{ ...thStyle, textAlign: 'right' }} scope="col">{t('forecast.col.planned')}</th>
                <th style={{ ...thStyle, textAlign: 'right' }} scope="col">{t('forecast.col.chanceIteration')}</th>
              </tr>
            </thead>
            <tbody>
              {forecast.iterations.map((it) => (
                <tr key={it.id}>
                  <th scope="row" style={{ ...tdStyle, fontWeight: 400 }}>{it.name}</th>
                  <td style={numStyle}>{fmt(it.plannedPoints)}</td>
                  <td style={{ ...numStyle, color: chanceColor(it.probability), fontWeight: 600 }}>{chance(tr, it.probability)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <TopPoints forecast={forecast} topPoints={topPoints} onTopPoints={onTopPoints} />
        </div>
        <Committed forecast={forecast} />
      </div>
    </Section>
  );
}

function TopPoints({ forecast, topPoints, onTopPoints }: { forecast: Available; topPoints: number | null; onTopPoints: (points: number | null) => void }) {
  const tr = useT();
  const t = tr.t;
  const [draft, setDraft] = useState(topPoints === null ? '' : String(topPoints));
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const value = draft.trim() === '' ? null : Number(draft);
    onTopPoints(value !== null && Number.isFinite(value) && value >= 0 ? value : null);
  };
  const top = forecast.top;
  return (
    <div data-testid="forecast-top">
      <form onSubmit={submit} style={{ display: 'flex', gap: token('space.100'), alignItems: 'end', flexWrap: 'wrap' }}>
        <label style={{ display: 'grid', gap: 2, fontSize: 12, color: token('color.text.subtle') }}>
          {t('forecast.top.input')}
          <input
            type="number"
            min={0}
            value={draft}
            placeholder={fmt(top.points)}
            onChange={(e) => setDraft(e.target.value)}
            style={{ width: 110, padding: token('space.050'), border: `1px solid ${token('color.border.input')}`, borderRadius: 3, background: token('color.background.input'), color: token('color.text') }}
          />
        </label>
        <Button type="submit">{t('forecast.top.submit')}</Button>
      </form>
      <p style={{ margin: `${token('space.100')} 0 ${token('space.050')}` }}>
        {top.throughKey
          ? t('forecast.top.through', { points: fmt(top.points), key: top.throughKey })
          : t('forecast.top.more', { points: fmt(top.points), backlog: fmt(top.backlogPoints) })}
      </p>
      <ul aria-label={t('forecast.top.label')} style={{ margin: 0, paddingLeft: token('space.250') }}>
        {top.levels.map((l) => (
          <li key={l.level}>
            <strong>{tr.percent(l.level)}</strong>: {iterationText(tr, l.iteration)}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Committed({ forecast }: { forecast: Available }) {
  const tr = useT();
  const t = tr.t;
  const where = (w: Available['committed'][number]): string =>
    w.where === 'planned' ? (w.iteration ?? '') : t(w.where === 'running' ? 'forecast.where.running' : w.where === 'queued' ? 'forecast.where.queued' : 'forecast.where.notPlanned');
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(360px, 1fr))', gap: token('space.300'), marginTop: token('space.200'), alignItems: 'start' }}>
      <div>
        <h3 style={{ margin: `0 0 ${token('space.050')}`, fontSize: 14, color: token('color.text') }}>{t('forecast.committed.title', { pi: forecast.piName })}</h3>
        {forecast.committed.length === 0 ? (
          <p style={{ color: token('color.text.subtle') }}>{t('forecast.committed.none')}</p>
        ) : (
          <ScrollArea label={t('forecast.committed.label')} maxHeight={320}>
            <table style={tableStyle} aria-label={t('forecast.committed.label')}>
              <thead>
                <tr>
                  <th style={thStyle} scope="col">{t('forecast.col.story')}</th>
                  <th style={thStyle} scope="col">{t('forecast.col.where')}</th>
                  <th style={{ ...thStyle, textAlign: 'right' }} scope="col">{t('forecast.col.chancePi')}</th>
                </tr>
              </thead>
              <tbody>
                {forecast.committed.map((s) => (
                  <tr key={s.key} data-forecast-key={s.key}>
                    <td style={tdStyle}>
                      <IssueKeyLink issueKey={s.key} /> <span style={{ color: token('color.text.subtle') }}>{s.summary}</span>
                    </td>
                    <td style={tdStyle}>{where(s)}</td>
                    <td style={{ ...numStyle, color: chanceColor(s.probability), fontWeight: 600 }}>{s.probability === null ? '–' : chance(tr, s.probability)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollArea>
        )}
      </div>
      <div>
        <h3 style={{ margin: `0 0 ${token('space.050')}`, fontSize: 14, color: token('color.text') }}>{t('forecast.features.title')}</h3>
        {forecast.features.length === 0 ? (
          <p style={{ color: token('color.text.subtle') }}>{t('forecast.features.none')}</p>
        ) : (
          <ScrollArea label={t('forecast.features.label')} maxHeight={320}>
            <table style={tableStyle} aria-label={t('forecast.features.label')}>
              <thead>
                <tr>
                  <th style={thStyle} scope="col">{t('forecast.col.feature')}</th>
                  <th style={{ ...thStyle, textAlign: 'right' }} scope="col">{t('forecast.col.openStories')}</th>
                  <th style={{ ...thStyle, textAlign: 'right' }} scope="col">{t('forecast.col.chancePi')}</th>
                </tr>
              </thead>
              <tbody>
                {forecast.features.map((f) => (
                  <tr key={f.key} data-forecast-key={f.key}>
                    <td style={tdStyle}>
                      <IssueKeyLink issueKey={f.key} /> <span style={{ color: token('color.text.subtle') }}>{f.summary}</span>
                      {f.notPlanned.length > 0 ? (
                        <div style={{ fontSize: 12, color: token('color.text.subtle') }}>{t('forecast.features.notPlanned', { keys: tr.list(f.notPlanned) })}</div>
                      ) : null}
                    </td>
                    <td style={numStyle}>{f.openStories}</td>
                    <td style={{ ...numStyle, color: chanceColor(f.probability), fontWeight: 600 }}>{f.probability === null ? '–' : chance(tr, f.probability)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollArea>
        )}
      </div>
    </div>
  );
}

/** Balance: what arrived unplanned in each closed sprint against the buffer, to size it from evidence. */
export function UnplannedSection({ unplanned }: { unplanned: UnplannedDto }) {
  const tr = useT();
  const t = tr.t;
  const shares = unplanned.sprints.map((s) => (s.completedPoints > 0 ? s.unplannedPoints / s.completedPoints : 0));
  const covered = shares.filter((share) => share * 100 <= unplanned.bufferPct + 1e-9).length;
  const mean = shares.length > 0 ? shares.reduce((a, b) => a + b, 0) / shares.length : 0;
  return (
    <Section
      id="unplanned"
      title={t('unplanned.title')}
      description={unplanned.bufferPct > 0 ? t('unplanned.description', { pct: unplanned.bufferPct }) : t('unplanned.descriptionNoBuffer')}
    >
      {unplanned.sprints.length === 0 ? (
        <p>{t('unplanned.none')}</p>
      ) : (
        <>
          <p data-testid="unplanned-summary" style={{ margin: `0 0 ${token('space.100')}` }}>
            {t('unplanned.summary', { mean: tr.percent(mean), covered, sprints: shares.length, pct: unplanned.bufferPct })}
          </p>
          <table style={tableStyle} aria-label={t('unplanned.label')}>
            <thead>
              <tr>
                <th style={thStyle} scope="col">{t('unplanned.col.sprint')}</th>
                <th style={{ ...thStyle, textAlign: 'right' }} scope="col">{t('unplanned.col.completed')}</th>
                <th style={{ ...thStyle, textAlign: 'right' }} scope="col">{t('unplanned.col.unplanned')}</th>
                <th style={{ ...thStyle, textAlign: 'right' }} scope="col">{t('unplanned.col.share')}</th>
                <th style={thStyle} scope="col">{t('unplanned.col.buffer', { pct: unplanned.bufferPct })}</th>
              </tr>
            </thead>
            <tbody>
              {unplanned.sprints.map((s, i) => {
                const share = shares[i] as number;
                const over = share * 100 > unplanned.bufferPct + 1e-9;
                return (
                  <tr key={s.name}>
                    <th scope="row" style={{ ...tdStyle, fontWeight: 400 }}>{s.name}</th>
                    <td style={numStyle}>{fmt(s.completedPoints)}</td>
                    <td style={numStyle}>{tr.tp('unplanned.points', s.unplannedIssues, { points: fmt(s.unplannedPoints) })}</td>
                    <td style={numStyle}>{tr.percent(share)}</td>
                    <td style={tdStyle}>
                      <Lozenge appearance={over ? 'moved' : 'success'}>{over ? t('unplanned.over') : t('unplanned.within')}</Lozenge>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </Section>
  );
}

/** Fill: who carries the plan; display and warnings only. */
export function PeopleSection({ people }: { people: PeopleLoadDto }) {
  const tr = useT();
  const t = tr.t;
  const overloaded = people.rows.filter((r) => r.perIteration.some((it) => it.overloaded));
  const unassigned = people.unassigned.reduce((sum, u) => sum + u.items.length, 0);
  return (
    <Section id="people" title={t('people.title')} description={t('people.description')}>
      <div data-testid="people">
        {!people.membersSet ? <p style={{ color: token('color.text.subtle') }}>{t('people.noMembers')}</p> : null}
        {overloaded.length > 0 || unassigned > 0 ? (
          <ul aria-label={t('people.warnings')} style={{ margin: `0 0 ${token('space.100')}`, paddingLeft: token('space.250') }}>
            {overloaded.map((r) => (
              <li key={r.name}>
                <Lozenge appearance="moved">{t('people.overloadedFlag')}</Lozenge>{' '}
                <span>
                  {t('people.overloaded', {
                    name: messageText(t, r.name, r.nameI18n),
                    iterations: tr.list(people.iterations.filter((_, i) => r.perIteration[i]?.overloaded)),
                  })}
                </span>
              </li>
            ))}
            {unassigned > 0 ? (
              <li>
                <Lozenge appearance="moved">{t('people.unassignedFlag')}</Lozenge> <span>{tr.tp('people.unassigned', unassigned)}</span>
              </li>
            ) : null}
          </ul>
        ) : null}
        <ScrollArea label={t('people.label')} maxHeight={400}>
          <table style={tableStyle} aria-label={t('people.label')}>
            <thead>
              <tr>
                <th style={thStyle} scope="col">{t('people.col.person')}</th>
                {people.iterations.map((name) => (
                  <th key={name} style={{ ...thStyle, textAlign: 'right' }} scope="col">{name}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {people.rows.map((r) => (
                <tr key={r.name}>
                  <th scope="row" style={{ ...tdStyle, fontWeight: 400 }}>
                    {messageText(t, r.name, r.nameI18n)}
                    {!r.member ? (
                      <span style={{ marginLeft: token('space.050') }}>
                        <Lozenge>{t('people.notMember')}</Lozenge>
                      </span>
                    ) : null}
                  </th>
                  {r.perIteration.map((it, i) => (
                    <td key={i} style={{ ...numStyle, color: it.overloaded ? token('color.text.danger') : numStyle.color, fontWeight: it.overloaded ? 600 : 400 }}>
                      <Tooltip content={it.items.length > 0 ? tr.list(it.items) : null}>
                        <span>{it.share === null ? fmt(it.planned) : t('people.plannedOfShare', { planned: fmt(it.planned), share: fmt(it.share) })}</span>
                      </Tooltip>
                    </td>
                  ))}
                </tr>
              ))}
              <tr>
                <th scope="row" style={{ ...tdStyle, fontWeight: 400, fontStyle: 'italic' }}>{t('people.nobody')}</th>
                {people.unassigned.map((u, i) => (
                  <td key={i} style={{ ...numStyle, color: u.items.length > 0 ? token('color.text.warning') : numStyle.color }}>
                    <Tooltip content={u.items.length > 0 ? tr.list(u.items) : null}>
                      <span>{fmt(u.points)}</span>
                    </Tooltip>
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
        </ScrollArea>
      </div>
    </Section>
  );
}

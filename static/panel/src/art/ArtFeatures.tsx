/** The program backlog: features scored inline (Fibonacci scale), ranked by WSJF, with stories per team and the forecast. */
import { useState } from 'react';
import Button from '@atlaskit/button/new';
import Select from '@atlaskit/select';
import { selectTexts } from '../../../shared/selectText';
import { currentTranslator } from '../../../shared/i18n';
import Tooltip from '@atlaskit/tooltip';
import { token } from '@atlaskit/tokens';
import { FIBONACCI_SCALE, type ComposedTrain, type FeatureOdds, type ForecastFlag } from '../../../../src/domain';
import type { ArtFeatureRow, ArtTeamDto, ArtTrainDto } from '../../../../src/contracts';
import { chance, chanceColor } from '../Confidence';
import { panelApi, toAppError, unwrap } from '../../../shared/api';
import { useT, type MessageKey } from '../../../shared/i18n';
import { IssueKeyLink } from '../../../shared/IssueKeyLink';
import { ErrorMessage, Pill, ScrollArea, Section, numStyle, tableStyle, tdStyle, thStyle, type PillTone } from '../../../shared/ui';
import { DIALOG_NOT_OPENED, openPanelDialog } from '../panelDialogs';
import type { AppError } from '../../../../src/contracts';

type Part = 'businessValue' | 'timeCriticality' | 'riskReduction' | 'jobSize';
/** Each score column: its short header ("BV") and its name, in a tooltip over the header and in the control's label. */
const PARTS: { part: Part; column: 4 | 5 | 6 | 7; label: MessageKey; short: MessageKey }[] = [
  { part: 'businessValue', column: 4, label: 'art.features.businessValue', short: 'panel.wsjf.bv.short' },
  { part: 'timeCriticality', column: 5, label: 'art.features.timeCriticality', short: 'panel.wsjf.tc.short' },
  { part: 'riskReduction', column: 6, label: 'art.features.riskReduction', short: 'panel.wsjf.rr.short' },
  { part: 'jobSize', column: 7, label: 'art.features.jobSizeField', short: 'art.features.jobSizeField' },
];
/** The second and third line of a feature's cell: its forecast, its stories per team. */
const subLineStyle = { display: 'flex', gap: `0 ${token('space.100')}`, flexWrap: 'wrap', alignItems: 'center', fontSize: 12, color: token('color.text.subtle'), marginTop: 2 } as const;
const FLAG_TONE: Record<ForecastFlag, PillTone> = { beyondPi: 'warning', unplanned: 'warning', unsized: 'information', noStories: 'neutral' };
const FLAG_TEXT: Record<ForecastFlag, MessageKey> = {
  beyondPi: 'art.forecast.beyondPi',
  unplanned: 'art.forecast.unplanned',
  unsized: 'art.forecast.unsized',
  noStories: 'art.forecast.noStories',
};

export function ArtFeatures({
  train,
  teams,
  composed,
  canPlan,
  onChanged,
  onReranked,
}: {
  train: ArtTrainDto;
  teams: ArtTeamDto[];
  composed: ComposedTrain;
  canPlan: boolean;
  onChanged: (update: (current: ArtTrainDto | null) => ArtTrainDto | null) => void;
  onReranked: () => void;
}) {
  const tr = useT();
  const { t, tp, num } = tr;
  const trials = teams.find((team) => team.forecast !== null)?.forecast?.trials ?? null;
  const [error, setError] = useState<AppError | null>(null);
  // The preview opens as a Jira modal over the whole page; a re-rank that ran (or a close without an answer) reloads.
  const rerank = async (): Promise<void> => {
    try {
      const result = await openPanelDialog({ dialog: 'featureRerank' });
      if (result === DIALOG_NOT_OPENED) return;
      if (!result || result.applied) onReranked();
    } catch (failure) {
      setError(toAppError(failure));
    }
  };
  const rows = new Map(train.features.map((f) => [f[0], f]));
  const parts = PARTS.filter((p) => p.part !== 'jobSize' || train.hasJobSizeField);

  const score = async (key: string, part: Part, value: number | null): Promise<void> => {
    setError(null);
    try {
      unwrap(await panelApi('scoreFeatures', { items: [{ key, [part]: value }] }));
      const column = PARTS.find((p) => p.part === part)?.column as number;
      onChanged((current) => current && { ...current, features: current.features.map((f) => (f[0] === key ? (Object.assign([...f], { [column]: value }) as ArtFeatureRow) : f)) });
    } catch (failure) {
      setError(toAppError(failure));
    }
  };

  return (
    <Section
      id="art-features"
      title={t('art.features.title')}
      description={train.hasJobSizeField ? t('art.features.descriptionSizeField') : t('art.features.descriptionStoryPoints')}
      actions={canPlan ? <Button onClick={() => void rerank()}>{t('art.features.applyOrder')}</Button> : undefined}
    >
      {error ? <ErrorMessage error={error} /> : null}
      {composed.features.length === 0 ? (
        <p>{t('art.features.none')}</p>
      ) : (
        <>
          {trials !== null ? (
            <p data-testid="art-features-odds-explanation" style={{ margin: `0 0 ${token('space.100')}`, fontSize: 12, color: token('color.text.subtle') }}>
              {t('art.features.oddsExplanation', { trials: num(trials) })}
            </p>
          ) : null}
          <ScrollArea label={t('art.features.title')} maxHeight={560}>
            {/* Two-line rows (as the Backlog tab's): the feature, its forecast and its stories per team share one
                cell, so the table fits a 1024 px laptop with Jira's sidebar (an app frame about 780 px wide). */}
            <table style={tableStyle} aria-label={t('art.features.title')} data-testid="art-features">
              <thead>
                <tr>
                  <th style={{ ...thStyle, textAlign: 'right', width: 28 }} scope="col">#</th>
                  <th style={thStyle} scope="col">{[t('art.features.feature'), t('art.features.forecast'), t('art.features.teams')].join(' · ')}</th>
                  {parts.map((p) => (
                    <th key={p.part} style={{ ...thStyle, width: 56 }} scope="col">
                      <Tooltip content={t(p.label)}><span>{t(p.short)}</span></Tooltip>
                    </th>
                  ))}
                  <th style={{ ...thStyle, textAlign: 'right' }} scope="col">{t('art.features.jobSize')}</th>
                  <th style={{ ...thStyle, textAlign: 'right' }} scope="col">WSJF</th>
                </tr>
              </thead>
              <tbody>
                {composed.features.map((f, index) => {
                  const row = rows.get(f.key);
                  return (
                    <tr key={f.key} data-testid={`art-feature-${f.key}`}>
                      <td style={{ ...numStyle, verticalAlign: 'top' }}>{index + 1}</td>
                      <td style={{ ...tdStyle, verticalAlign: 'top', overflowWrap: 'anywhere' }}>
                        <div>
                          <IssueKeyLink issueKey={f.key} /> <span>{f.summary}</span>
                        </div>
                        <div data-testid="art-feature-forecast" style={subLineStyle}>
                          <span>{f.forecast.iteration ? t('art.forecast.iteration', { iteration: f.forecast.iteration.name, end: f.forecast.iteration.end }) : f.forecast.openStories > 0 ? t('art.forecast.none') : ''}</span>
                          {f.forecast.flags.map((flag) => (
                            <Pill key={flag} tone={FLAG_TONE[flag]}>{t(FLAG_TEXT[flag])}</Pill>
                          ))}
                        </div>
                        {f.odds ? <FeatureOddsLine odds={f.odds} /> : null}
                        <div data-testid="art-feature-teams" style={subLineStyle}>
                          {f.teams.length === 0
                            ? null
                            : f.teams.map((team) => (
                                <span key={team.team}>
                                  <strong>{team.team}</strong> {tp('art.features.storiesIn', team.stories, { iterations: team.iterations.join(', ') || t('art.features.notPlanned') })}
                                </span>
                              ))}
                        </div>
                      </td>
                      {parts.map((p) => (
                        <td key={p.part} style={{ ...tdStyle, verticalAlign: 'top', padding: `${token('space.075')} ${token('space.050')}` }}>
                          <ScoreCell value={row?.[p.column] ?? null} label={t('art.features.scoreOf', { part: t(p.label), key: f.key })} canPlan={canPlan} onChange={(v) => void score(f.key, p.part, v)} />
                        </td>
                      ))}
                      <td style={{ ...numStyle, verticalAlign: 'top' }}>{f.jobSize === null ? '–' : num(f.jobSize)}</td>
                      <td style={{ ...numStyle, verticalAlign: 'top' }}>
                        {f.wsjf === null ? (
                          <Tooltip content={t('art.features.unscored')}>
                            <span tabIndex={0} aria-label={t('art.features.unscored')}>–</span>
                          </Tooltip>
                        ) : (
                          num(f.wsjf, 2)
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollArea>
        </>
      )}
    </Section>
  );
}

/** A feature's chance of being done by the PI's end (every team's part), flagged when a team has few sprints to learn from; or why it is unknown. */
function FeatureOddsLine({ odds }: { odds: FeatureOdds }) {
  const tr = useT();
  const t = tr.t;
  return (
    <div data-testid="art-feature-odds" style={subLineStyle}>
      {odds.probability !== null ? (
        <span style={{ color: chanceColor(odds.probability), fontWeight: 600 }}>{t('art.features.odds', { chance: chance(tr, odds.probability) })}</span>
      ) : (
        <span>{t(odds.gap === 'noHistory' ? 'art.features.oddsNoHistory' : 'art.features.oddsNotPlanned')}</span>
      )}
      {odds.lowConfidence ? (
        <Tooltip content={t('art.features.oddsLowConfidenceHint')}>
          <span tabIndex={0}>
            <Pill tone="warning">{t('art.features.oddsLowConfidence')}</Pill>
          </span>
        </Tooltip>
      ) : null}
    </div>
  );
}

/** The score as a button; activated, the Fibonacci scale as a select (one select at a time: a table of them is slow). */
function ScoreCell({ value, label, canPlan, onChange }: { value: number | null; label: string; canPlan: boolean; onChange: (value: number | null) => void }) {
  const [editing, setEditing] = useState(false);
  if (!canPlan) return <span>{value ?? '–'}</span>;
  const options = FIBONACCI_SCALE.map((v) => ({ label: String(v), value: v }));
  if (!editing) {
    return (
      <Button appearance="subtle" spacing="compact" aria-label={label} onClick={() => setEditing(true)}>
        {value === null ? '–' : String(value)}
      </Button>
    );
  }
  return (
    <Select {...selectTexts(currentTranslator())}
      aria-label={label}
      autoFocus
      defaultMenuIsOpen
      isSearchable={false}
      spacing="compact"
      isClearable
      placeholder="–"
      options={options}
      value={options.find((o) => o.value === value) ?? null}
      onBlur={() => setEditing(false)}
      onChange={(option) => {
        setEditing(false);
        onChange(option ? option.value : null);
      }}
    />
  );
}

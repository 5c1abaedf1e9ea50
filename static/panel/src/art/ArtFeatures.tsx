/** The program backlog: features scored inline (Fibonacci scale), ranked by WSJF, with stories per team and the forecast. */
import { useState } from 'react';
import Button from '@atlaskit/button/new';
import Select from '@atlaskit/select';
import { token } from '@atlaskit/tokens';
import { FIBONACCI_SCALE, type ComposedTrain, type ForecastFlag } from '../../../../src/domain';
import type { ArtFeatureRow, ArtTrainDto } from '../../../../src/contracts';
import { panelApi, toAppError, unwrap } from '../../../shared/api';
import { useT, type MessageKey } from '../../../shared/i18n';
import { IssueKeyLink } from '../../../shared/IssueKeyLink';
import { issueKey } from '../../../shared/keys';
import { ErrorMessage, Pill, ScrollArea, Section, numStyle, tableStyle, tdStyle, thStyle, type PillTone } from '../../../shared/ui';
import { usePreviewThenJob } from '../../../shared/usePreviewThenJob';
import { PreviewJobDialog } from '../PreviewJobDialog';
import type { AppError } from '../../../../src/contracts';

type Part = 'businessValue' | 'timeCriticality' | 'riskReduction' | 'jobSize';
const PARTS: { part: Part; column: 4 | 5 | 6 | 7; label: MessageKey }[] = [
  { part: 'businessValue', column: 4, label: 'art.features.businessValue' },
  { part: 'timeCriticality', column: 5, label: 'art.features.timeCriticality' },
  { part: 'riskReduction', column: 6, label: 'art.features.riskReduction' },
  { part: 'jobSize', column: 7, label: 'art.features.jobSizeField' },
];
const FLAG_TONE: Record<ForecastFlag, PillTone> = { beyondPi: 'warning', unplanned: 'warning', unsized: 'information', noStories: 'neutral' };
const FLAG_TEXT: Record<ForecastFlag, MessageKey> = {
  beyondPi: 'art.forecast.beyondPi',
  unplanned: 'art.forecast.unplanned',
  unsized: 'art.forecast.unsized',
  noStories: 'art.forecast.noStories',
};

export function ArtFeatures({
  train,
  composed,
  canPlan,
  onChanged,
  onReranked,
}: {
  train: ArtTrainDto;
  composed: ComposedTrain;
  canPlan: boolean;
  onChanged: (update: (current: ArtTrainDto | null) => ArtTrainDto | null) => void;
  onReranked: () => void;
}) {
  const { t, tp, num } = useT();
  const [error, setError] = useState<AppError | null>(null);
  const [rerank, setRerank] = useState(false);
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
      actions={canPlan ? <Button onClick={() => setRerank(true)}>{t('art.features.applyOrder')}</Button> : undefined}
    >
      {error ? <ErrorMessage error={error} /> : null}
      {composed.features.length === 0 ? (
        <p>{t('art.features.none')}</p>
      ) : (
        <ScrollArea label={t('art.features.title')} maxHeight={560}>
          <table style={tableStyle} aria-label={t('art.features.title')} data-testid="art-features">
            <thead>
              <tr>
                <th style={{ ...thStyle, textAlign: 'right' }} scope="col">#</th>
                <th style={thStyle} scope="col">{t('art.features.feature')}</th>
                {parts.map((p) => (
                  <th key={p.part} style={thStyle} scope="col">{t(p.label)}</th>
                ))}
                <th style={{ ...thStyle, textAlign: 'right' }} scope="col">{t('art.features.jobSize')}</th>
                <th style={{ ...thStyle, textAlign: 'right' }} scope="col">WSJF</th>
                <th style={thStyle} scope="col">{t('art.features.forecast')}</th>
                <th style={thStyle} scope="col">{t('art.features.teams')}</th>
              </tr>
            </thead>
            <tbody>
              {composed.features.map((f, index) => {
                const row = rows.get(f.key);
                return (
                  <tr key={f.key} data-testid={`art-feature-${f.key}`}>
                    <td style={numStyle}>{index + 1}</td>
                    <td style={{ ...tdStyle, minWidth: 200, maxWidth: 320 }}>
                      <IssueKeyLink issueKey={f.key} /> <span>{f.summary}</span>
                    </td>
                    {parts.map((p) => (
                      <td key={p.part} style={{ ...tdStyle, minWidth: 84 }}>
                        <ScoreCell value={row?.[p.column] ?? null} label={t('art.features.scoreOf', { part: t(p.label), key: f.key })} canPlan={canPlan} onChange={(v) => void score(f.key, p.part, v)} />
                      </td>
                    ))}
                    <td style={numStyle}>{f.jobSize === null ? '–' : num(f.jobSize)}</td>
                    <td style={numStyle}>{f.wsjf === null ? <span title={t('art.features.unscored')}>–</span> : num(f.wsjf, 2)}</td>
                    <td style={{ ...tdStyle, minWidth: 150 }}>
                      <div>{f.forecast.iteration ? t('art.forecast.iteration', { iteration: f.forecast.iteration.name, end: f.forecast.iteration.end }) : f.forecast.openStories > 0 ? t('art.forecast.none') : ''}</div>
                      <div style={{ display: 'flex', gap: token('space.050'), flexWrap: 'wrap' }}>
                        {f.forecast.flags.map((flag) => (
                          <Pill key={flag} tone={FLAG_TONE[flag]}>{t(FLAG_TEXT[flag])}</Pill>
                        ))}
                      </div>
                    </td>
                    <td style={tdStyle}>
                      {f.teams.length === 0
                        ? '–'
                        : f.teams.map((team) => (
                            <div key={team.team} style={{ fontSize: 12 }}>
                              <strong>{team.team}</strong> {tp('art.features.storiesIn', team.stories, { iterations: team.iterations.join(', ') || t('art.features.notPlanned') })}
                            </div>
                          ))}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollArea>
      )}
      {rerank ? (
        <FeatureRerankDialog
          onClose={(applied) => {
            setRerank(false);
            if (applied) onReranked();
          }}
        />
      ) : null}
    </Section>
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
    <Select
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

function FeatureRerankDialog({ onClose }: { onClose: (applied: boolean) => void }) {
  const { t } = useT();
  const flow = usePreviewThenJob(
    () => panelApi('previewFeatureRerank'),
    (confirmation) => panelApi('applyFeatureRerank', { token: confirmation }),
  );
  return (
    <PreviewJobDialog
      title={t('art.rerank.title')}
      loadingLabel={t('art.rerank.loading')}
      flow={flow}
      renderPreview={(preview) =>
        preview.moves.length === 0 ? (
          <p>{t('art.rerank.nothing')}</p>
        ) : (
          <ScrollArea label={t('art.rerank.moves')} maxHeight={360}>
            <table style={tableStyle} aria-label={t('art.rerank.moves')}>
              <thead>
                <tr>
                  <th style={thStyle} scope="col">{t('art.features.feature')}</th>
                  <th style={{ ...thStyle, textAlign: 'right' }} scope="col">{t('art.rerank.from')}</th>
                  <th style={{ ...thStyle, textAlign: 'right' }} scope="col">{t('art.rerank.to')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.moves.map(([ref, from, to, summary]) => (
                  <tr key={String(ref)}>
                    <td style={tdStyle}>{issueKey(ref, preview.keyPrefix)} {summary}</td>
                    <td style={numStyle}>{from + 1}</td>
                    <td style={numStyle}>{to + 1} {to < from ? '↑' : '↓'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollArea>
        )
      }
      confirmLabel={t('art.rerank.confirm')}
      canConfirm={(flow.preview?.moves.length ?? 0) > 0}
      onClose={onClose}
    />
  );
}

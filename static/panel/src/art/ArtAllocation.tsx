/** Allocation across the train: each team's target share and planned / done points per work type, the ART totals, the guardrails. */
import { token } from '@atlaskit/tokens';
import type { ComposedTrain } from '../../../../src/domain';
import type { ArtTeamDto, ArtTrainDto } from '../../../../src/contracts';
import { useT } from '../../../shared/i18n';
import { Pill, ScrollArea, Section, numStyle, tableStyle, tdStyle, thStyle } from '../../../shared/ui';
import { GuardrailsEditor } from './ArtSettings';

export function ArtAllocation({ train, teams, composed, canPlan, onSaved }: { train: ArtTrainDto; teams: ArtTeamDto[]; composed: ComposedTrain; canPlan: boolean; onSaved: () => void }) {
  const { t, num, percent } = useT();
  const types = [...train.workTypes];
  for (const team of teams) for (const w of team.workTypes) if (!types.some((x) => x.id === w.id)) types.push(w);
  const name = (id: string) => types.find((w) => w.id === id)?.name ?? id;
  const guardrails = train.settings.guardrails;
  const bound = (id: string): string => {
    const g = guardrails[id];
    if (!g || (g.min === null && g.max === null)) return '';
    if (g.min !== null && g.max !== null) return t('art.allocation.between', { min: g.min, max: g.max });
    return g.min !== null ? t('art.allocation.atLeast', { min: g.min }) : t('art.allocation.atMost', { max: g.max ?? 0 });
  };
  const breachesOf = new Map(composed.allocation.teams.map((a) => [a.team, a.breaches]));
  const totals = new Map(composed.allocation.totals.map((r) => [r.workType, r]));
  return (
    <Section id="art-allocation" title={t('art.allocation.title')} description={t('art.allocation.description')} actions={canPlan ? <GuardrailsEditor train={train} workTypes={types} onSaved={onSaved} /> : undefined}>
      <ScrollArea label={t('art.allocation.title')} maxHeight={520}>
        <table style={tableStyle} aria-label={t('art.allocation.title')} data-testid="art-allocation">
          <thead>
            <tr>
              <th style={thStyle} scope="col">{t('art.teams.team')}</th>
              {types.map((w) => (
                <th key={w.id} style={{ ...thStyle, textAlign: 'right' }} scope="col">
                  {w.name}
                  {bound(w.id) ? <div style={{ fontWeight: 400, fontSize: 12 }}>{bound(w.id)}</div> : null}
                </th>
              ))}
              <th style={thStyle} scope="col">{t('art.allocation.guardrails')}</th>
            </tr>
          </thead>
          <tbody>
            {teams.map((team) => {
              const rows = new Map(team.allocation.rows.map((r) => [r.workType, r]));
              const breaches = breachesOf.get(team.team) ?? [];
              return (
                <tr key={team.team} data-testid={`art-allocation-${team.team}`}>
                  <th style={{ ...tdStyle, fontWeight: 600 }} scope="row">
                    {team.team}
                    {team.allocation.isDefault ? <div style={{ fontWeight: 400, fontSize: 12, color: token('color.text.subtle') }}>{t('art.allocation.default')}</div> : null}
                  </th>
                  {types.map((w) => {
                    const row = rows.get(w.id);
                    const broken = breaches.some((b) => b.workType === w.id);
                    return (
                      <td key={w.id} style={{ ...numStyle, ...(broken ? { color: token('color.text.warning'), fontWeight: 700 } : {}) }}>
                        {percent(team.allocation.percents[w.id] ?? 0, { alreadyPercent: true })}
                        <div style={{ fontSize: 12, color: token('color.text.subtle'), fontWeight: 400 }}>{t('art.allocation.points', { planned: row?.plannedPoints ?? 0, done: row?.donePoints ?? 0 })}</div>
                      </td>
                    );
                  })}
                  <td style={tdStyle}>
                    {breaches.length === 0 ? (
                      <Pill tone="success">{t('art.allocation.within')}</Pill>
                    ) : (
                      breaches.map((b) => (
                        // Plain text, not a pill: the whole sentence must show (a pill cuts it).
                        <div key={b.workType} style={{ color: token('color.text.warning'), fontSize: 12, fontWeight: 600, whiteSpace: 'nowrap' }}>
                          ⚠ {t(b.kind === 'belowMin' ? 'art.allocation.below' : 'art.allocation.above', { type: name(b.workType), share: b.share, bound: (b.kind === 'belowMin' ? b.min : b.max) ?? 0 })}
                        </div>
                      ))
                    )}
                  </td>
                </tr>
              );
            })}
            <tr data-testid="art-allocation-total">
              <th style={{ ...tdStyle, fontWeight: 700 }} scope="row">{t('art.allocation.total')}</th>
              {types.map((w) => {
                const row = totals.get(w.id);
                return (
                  <td key={w.id} style={{ ...numStyle, fontWeight: 700 }}>
                    {percent(row?.targetPercent ?? 0, { alreadyPercent: true })}
                    <div style={{ fontSize: 12, fontWeight: 400 }}>{t('art.allocation.points', { planned: num(row?.plannedPoints ?? 0), done: num(row?.donePoints ?? 0) })}</div>
                  </td>
                );
              })}
              <td style={tdStyle} />
            </tr>
          </tbody>
        </table>
      </ScrollArea>
    </Section>
  );
}

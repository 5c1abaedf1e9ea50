/** Capacity and load per team per iteration: capacity, planned points, load percentage (over 100 % stands out). */
import { token } from '@atlaskit/tokens';
import type { ComposedTrain } from '../../../../src/domain';
import { useT } from '../../../shared/i18n';
import { ScrollArea, Section, tableStyle, tdStyle, thStyle } from '../../../shared/ui';

export function ArtLoad({ composed }: { composed: ComposedTrain }) {
  const { t, num, percent } = useT();
  const width = Math.max(0, ...composed.load.map((l) => l.iterations.length));
  return (
    <Section id="art-load" title={t('art.load.title')} description={t('art.load.description')}>
      <ScrollArea label={t('art.load.title')} maxHeight={520}>
        <table style={tableStyle} aria-label={t('art.load.title')} data-testid="art-load">
          <thead>
            <tr>
              <th style={thStyle} scope="col">{t('art.teams.team')}</th>
              {Array.from({ length: width }, (_, i) => (
                <th key={i} style={thStyle} scope="col">{t('art.load.iteration', { n: i + 1 })}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {composed.load.map((team) => (
              <tr key={team.team} data-testid={`art-load-${team.team}`}>
                <th style={{ ...tdStyle, fontWeight: 600 }} scope="row">{team.team}</th>
                {Array.from({ length: width }, (_, i) => {
                  const it = team.iterations[i];
                  if (!it) return <td key={i} style={tdStyle} />;
                  const over = it.loadPercent !== null && it.loadPercent > 100;
                  return (
                    <td key={it.id} style={{ ...tdStyle, ...(over ? { background: token('color.background.warning'), color: token('color.text.warning') } : {}) }}>
                      <div style={{ fontSize: 12, color: over ? undefined : token('color.text.subtle') }}>{it.name}</div>
                      <div>{t('art.load.cell', { planned: num(it.planned), capacity: num(it.capacity) })}</div>
                      <strong>{it.loadPercent === null ? t('art.load.noCapacity') : percent(it.loadPercent, { alreadyPercent: true })}</strong>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollArea>
    </Section>
  );
}

import type { CSSProperties, ReactNode } from 'react';
import { router } from '@forge/bridge';
import Lozenge from '@atlaskit/lozenge';
import ProgressBar from '@atlaskit/progress-bar';
import { token } from '@atlaskit/tokens';
import type { GadgetDto } from '../../../src/contracts';
import { messageText } from '../../shared/errorText';
import { useT } from '../../shared/i18n';
import { ReadOnlyBanner, numStyle, tableStyle, tdStyle, thStyle } from '../../shared/ui';

/** The project page's module key in manifest.yml: the link opens the team's Backlog balance. */
const PROJECT_PAGE_MODULE = 'backlog-balance-panel';

const subtle: CSSProperties = { fontSize: 12, color: token('color.text.subtle') };
const heading: CSSProperties = { margin: 0, fontSize: 14, fontWeight: 600, color: token('color.text') };

function Part({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  const id = `gadget-${testId}`;
  return (
    <section aria-labelledby={id} data-testid={testId} style={{ display: 'grid', gap: token('space.075') }}>
      <h3 id={id} style={heading}>{title}</h3>
      {children}
    </section>
  );
}

/** One team's balance at a glance: allocation target vs planned, ready runway, the next iteration's fill. */
export function GadgetBalance({ data }: { data: GadgetDto }) {
  const { t, date } = useT();
  const openProject = () => void router.navigate({ target: 'module', moduleKey: PROJECT_PAGE_MODULE, projectKey: data.projectKey }).catch(() => undefined);
  return (
    <main aria-label={t('gadget.regionLabel', { project: data.projectName })} style={{ padding: token('space.150'), display: 'grid', gap: token('space.200'), color: token('color.text') }}>
      <ReadOnlyBanner reason={data.readOnly} i18n={data.readOnlyI18n} />
      <header style={{ display: 'flex', justifyContent: 'space-between', gap: token('space.100'), flexWrap: 'wrap', alignItems: 'baseline' }}>
        <div>
          <h2 style={{ margin: 0, fontSize: 16, fontWeight: 600 }} data-testid="gadget-project">{data.projectName}</h2>
          <div style={subtle} data-testid="gadget-pi">{t('gadget.piDates', { pi: data.pi.name, start: date(data.pi.start), end: date(data.pi.end) })}</div>
        </div>
        <a
          href={`/jira/software/projects/${data.projectKey}`}
          onClick={(event) => {
            event.preventDefault();
            openProject();
          }}
          style={{ color: token('color.link'), fontWeight: 600, textDecoration: 'none' }}
        >
          {t('gadget.openProject')}
        </a>
      </header>
      <Allocation data={data} />
      <Runway runway={data.runway} />
      <NextIteration data={data} />
      <div style={subtle} data-testid="gadget-read-at">{t('gadget.readAt', { when: date(data.readAt, { withTime: true }) })}</div>
    </main>
  );
}

function Allocation({ data }: { data: GadgetDto }) {
  const { t, num, percent } = useT();
  return (
    <Part title={t('gadget.allocation.title')} testId="gadget-allocation">
      <table style={{ ...tableStyle, fontSize: 13, margin: 0 }}>
        <thead>
          <tr>
            <th style={thStyle} scope="col">{t('gadget.allocation.workType')}</th>
            <th style={{ ...thStyle, textAlign: 'right' }} scope="col">{t('gadget.allocation.target')}</th>
            <th style={{ ...thStyle, textAlign: 'right' }} scope="col">{t('gadget.allocation.planned')}</th>
            <th style={{ ...thStyle, width: '30%' }} aria-hidden="true" />
          </tr>
        </thead>
        <tbody>
          {data.allocation.map((row) => {
            const over = row.plannedPoints > row.targetPoints;
            const share = row.targetPoints > 0 ? Math.min(1, row.plannedPoints / row.targetPoints) : row.plannedPoints > 0 ? 1 : 0;
            return (
              <tr key={row.workType.id} data-work-type={row.workType.id}>
                <th scope="row" style={{ ...tdStyle, fontWeight: 400, textAlign: 'left' }}>{row.workType.name}</th>
                <td style={numStyle}>{t('gadget.allocation.targetValue', { points: num(row.targetPoints), percent: percent(row.targetPct, { alreadyPercent: true }) })}</td>
                <td style={numStyle}>
                  {t('gadget.allocation.plannedValue', { points: num(row.plannedPoints) })}
                  {over ? (
                    <span style={{ color: token('color.text.warning'), marginLeft: token('space.050') }} title={t('gadget.allocation.overTarget')}>
                      <span aria-hidden="true">▲</span>
                      <span style={visuallyHidden}>{t('gadget.allocation.overTarget')}</span>
                    </span>
                  ) : null}
                </td>
                <td style={tdStyle} aria-hidden="true">
                  <div style={{ height: 8, borderRadius: 4, background: token('color.background.neutral') }}>
                    <div style={{ width: `${Math.round(share * 100)}%`, height: '100%', borderRadius: 4, background: over ? token('color.background.warning.bold') : token('color.background.brand.bold') }} />
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Part>
  );
}

const visuallyHidden: CSSProperties = { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' };

function Runway({ runway }: { runway: GadgetDto['runway'] }) {
  const { t, num } = useT();
  const enough = runway.iterations !== null && runway.iterations >= runway.target;
  return (
    <Part title={t('gadget.runway.title')} testId="gadget-runway">
      <div style={{ display: 'flex', gap: token('space.100'), alignItems: 'center', flexWrap: 'wrap' }}>
        {runway.iterations === null ? null : (
          <span style={{ fontSize: 20, fontWeight: 600 }} data-testid="gadget-runway-value">{t('gadget.runway.value', { iterations: num(runway.iterations), target: runway.target })}</span>
        )}
        <Lozenge appearance={enough ? 'success' : 'moved'}>{enough ? t('gadget.runway.enough') : t('gadget.runway.short')}</Lozenge>
      </div>
      <div style={subtle}>
        {runway.iterations === null
          ? t('gadget.runway.noVelocity', { points: num(runway.readyPoints) })
          : t('gadget.runway.detail', { points: num(runway.readyPoints), velocity: num(runway.velocity) })}
      </div>
    </Part>
  );
}

function NextIteration({ data }: { data: GadgetDto }) {
  const { t, tp, num, date } = useT();
  const next = data.next;
  return (
    <Part title={t('gadget.next.title')} testId="gadget-next">
      {data.noPlan ? <p style={{ margin: 0 }}>{messageText(t, data.noPlan.message, data.noPlan.i18n)}</p> : null}
      {!data.noPlan && !next ? <p style={{ margin: 0 }}>{t('gadget.next.none')}</p> : null}
      {next ? (
        <>
          <div style={subtle}>{t('gadget.next.name', { name: next.name, start: date(next.start), end: date(next.end) })}</div>
          <div data-testid="gadget-next-planned">{t('gadget.next.planned', { planned: num(next.planned), capacity: num(next.capacity) })}</div>
          <ProgressBar
            ariaLabel={t('gadget.next.planned', { planned: num(next.planned), capacity: num(next.capacity) })}
            value={next.capacity > 0 ? Math.min(1, next.planned / next.capacity) : 0}
            appearance={next.planned > next.capacity ? 'default' : 'success'}
          />
        </>
      ) : null}
      {data.leftOut !== null ? <div data-testid="gadget-left-out">{tp('gadget.next.leftOut', data.leftOut)}</div> : null}
    </Part>
  );
}

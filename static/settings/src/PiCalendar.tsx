/**
 * The PI calendar of the settings page: PIs and their iterations, derived from the board's sprints for the PO to
 * confirm or adjust, each iteration mapped to a sprint picked by name; a new PI or iteration follows the
 * previous one's cadence; closed iterations are shown read-only (the past is not rewritten).
 */
import Button from '@atlaskit/button/new';
import Lozenge from '@atlaskit/lozenge';
import Select from '@atlaskit/select';
import { selectTexts } from '../../shared/selectText';
import { currentTranslator } from '../../shared/i18n';
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import type { IterationSettings, PiSettings, ProjectSettings, ProjectSettingsDto, SprintOptionDto } from '../../../src/contracts';
import { normalizedEstimate } from '../../../src/domain/capacity';
import { nextIterationOf, nextPiAfter, type CalendarSprint } from '../../../src/domain/calendar';
import { tableStyle, tdStyle, thStyle } from '../../shared/ui';
import { Field, inputStyle } from '../../shared/forms';
import { useT, type Translator } from '../../shared/i18n';

type Members = ProjectSettings['members'];

/** The calendar section's body: what the board's sprints suggest, then the PIs to edit. */
export function PiCalendarSection({
  dto,
  pis,
  members,
  disabled,
  today,
  onChange,
}: {
  dto: ProjectSettingsDto;
  pis: PiSettings[];
  members: Members;
  disabled: boolean;
  today: string;
  onChange: (pis: PiSettings[]) => void;
}) {
  const { t, tp, date } = useT();
  const known = new Set(pis.map((pi) => pi.id));
  const mapped = new Set(pis.flatMap((pi) => pi.iterations.map((it) => it.sprintId)));
  // The board's next PIs that are not in the calendar yet (none of their sprints mapped since the page loaded).
  const next = pis.length === 0 || disabled ? [] : dto.nextPis.filter((pi) => !known.has(pi.id) && pi.iterations.every((it) => !mapped.has(it.sprintId)));
  return (
    <>
      {pis.length === 0 && dto.derivedPis.length > 0 ? (
        <Suggestion
          title={t('settings.calendar.derivedTitle')}
          text={t('settings.calendar.derivedText', { pis: describe(dto.derivedPis, tp, date) })}
          action={disabled ? null : <Button onClick={() => onChange(structuredClone(dto.derivedPis))}>{t('settings.calendar.useDerived')}</Button>}
        />
      ) : null}
      {next.map((pi) => (
        <Suggestion
          key={pi.id}
          title={t('settings.calendar.nextTitle', { pi: pi.name })}
          text={tp('settings.calendar.nextText', pi.iterations.length, { sprints: pi.iterations.map((it) => it.name).join(', '), pi: pi.name, previous: pis[pis.length - 1]?.name ?? '' })}
          action={disabled ? null : <Button onClick={() => onChange([...pis, structuredClone(pi)])}>{t('settings.calendar.addNext', { pi: pi.name })}</Button>}
        />
      ))}
      <PiCalendar pis={pis} members={members} sprints={dto.sprints} disabled={disabled} today={today} onChange={onChange} />
    </>
  );
}

function describe(pis: readonly PiSettings[], tp: Translator['tp'], date: Translator['date']): string {
  return pis.map((pi) => tp('settings.calendar.piSummary', pi.iterations.length, { name: pi.name, start: date(pi.start), end: date(pi.end) })).join(', ');
}

function Suggestion({ title, text, action }: { title: string; text: string; action: React.ReactNode }) {
  return (
    <div style={{ marginBottom: token('space.150') }}>
      <SectionMessage appearance="information" title={title}>
        <p>{text}</p>
        {action ? <div style={{ marginTop: token('space.100') }}>{action}</div> : null}
      </SectionMessage>
    </div>
  );
}

/** The board's sprints as the calendar's domain functions read them. */
function calendarSprints(sprints: readonly SprintOptionDto[]): CalendarSprint[] {
  return sprints.map((sp) => ({ id: sp.id, name: sp.name, state: sp.state, startDate: sp.start ? `${sp.start}T00:00:00Z` : null, endDate: sp.end ? `${sp.end}T00:00:00Z` : null }));
}

/**
 * An iteration is closed once its sprint is (or, without a sprint, once its last day is past): it keeps the
 * capacity and days off it had, so the calendar shows it read-only.
 */
function isClosed(it: IterationSettings, sprints: readonly SprintOptionDto[], today: string): boolean {
  const sprint = it.sprintId === null ? undefined : sprints.find((sp) => sp.id === it.sprintId);
  return sprint ? sprint.state === 'closed' : it.end < today;
}

function PiCalendar({
  pis,
  members,
  sprints,
  disabled,
  today,
  onChange,
}: {
  pis: PiSettings[];
  members: Members;
  sprints: SprintOptionDto[];
  disabled: boolean;
  today: string;
  onChange: (pis: PiSettings[]) => void;
}) {
  const { t } = useT();
  const setPi = (i: number, pi: PiSettings): void => onChange(pis.map((p, j) => (j === i ? pi : p)));
  return (
    <div style={{ display: 'grid', gap: token('space.200') }}>
      {pis.length === 0 ? <p style={{ color: token('color.text.subtle') }}>{t('settings.calendar.noPis')}</p> : null}
      {pis.map((pi, i) => {
        const closed = pi.iterations.map((it) => isClosed(it, sprints, today));
        const allClosed = closed.every(Boolean);
        return (
          <fieldset key={pi.id} data-field={`settings.pis.${i}`} style={{ border: `1px solid ${token('color.border')}`, borderRadius: 6, padding: token('space.150'), minWidth: 0 }}>
            <legend style={{ fontWeight: 600, padding: `0 ${token('space.050')}` }}>{pi.name}</legend>
            <div style={{ display: 'flex', gap: token('space.150'), flexWrap: 'wrap' }}>
              <Field label={t('settings.calendar.name')}>
                <input data-field={`settings.pis.${i}.name`} style={inputStyle} disabled={disabled} value={pi.name} onChange={(e) => setPi(i, { ...pi, name: e.target.value })} />
              </Field>
              <Field label={t('settings.calendar.start')}>
                <input data-field={`settings.pis.${i}.start`} style={inputStyle} type="date" disabled={disabled || allClosed} value={pi.start} onChange={(e) => setPi(i, { ...pi, start: e.target.value })} />
              </Field>
              <Field label={t('settings.calendar.end')}>
                <input data-field={`settings.pis.${i}.end`} style={inputStyle} type="date" disabled={disabled || allClosed} value={pi.end} onChange={(e) => setPi(i, { ...pi, end: e.target.value })} />
              </Field>
            </div>
            <IterationsTable pi={pi} piIndex={i} closed={closed} sprints={sprints} disabled={disabled} onChange={(next) => setPi(i, next)} />
            <DaysOffEditor pi={pi} piIndex={i} closed={closed} members={members} disabled={disabled} onChange={(next) => setPi(i, next)} />
            <div style={{ marginTop: token('space.100'), display: 'flex', gap: token('space.100') }}>
              <Button
                isDisabled={disabled}
                onClick={() => {
                  const it = nextIterationOf(pi);
                  const iteration: IterationSettings = { id: `${pi.id}-it${pi.iterations.length + 1}-${Date.now().toString(36)}`, ...it, sprintId: null, manualCapacity: null, absenceDays: 0 };
                  setPi(i, { ...pi, end: it.end > pi.end ? it.end : pi.end, iterations: [...pi.iterations, iteration] });
                }}
              >
                {t('settings.calendar.addIteration')}
              </Button>
              <Button appearance="subtle" isDisabled={disabled} onClick={() => onChange(pis.filter((_, j) => j !== i))}>{t('settings.calendar.removePi', { pi: pi.name })}</Button>
            </div>
          </fieldset>
        );
      })}
      <div>
        <Button isDisabled={disabled} onClick={() => onChange([...pis, nextPiAfter(pis, calendarSprints(sprints), today)])}>
          {t('settings.calendar.addPi')}
        </Button>
        <span style={{ marginLeft: token('space.100'), color: token('color.text.subtlest'), fontSize: 12 }}>
          {pis.length > 0 ? t('settings.calendar.addPiHint') : t('settings.calendar.firstPiHint')}
        </span>
      </div>
    </div>
  );
}

function sprintLabel(sp: SprintOptionDto, t: Translator['t'], date: Translator['date']): string {
  const dates = sp.start && sp.end ? t('settings.calendar.dates', { start: date(sp.start), end: date(sp.end) }) : t('settings.calendar.noDates');
  return `${sp.name} (${t(`settings.calendar.sprintState.${sp.state}`)}, ${dates})`;
}

const dateStyle = { ...inputStyle, width: 132 };

function IterationsTable({
  pi,
  piIndex,
  closed,
  sprints,
  disabled,
  onChange,
}: {
  pi: PiSettings;
  piIndex: number;
  closed: boolean[];
  sprints: SprintOptionDto[];
  disabled: boolean;
  onChange: (pi: PiSettings) => void;
}) {
  const { t, date } = useT();
  const options = [{ value: 0, label: t('settings.calendar.noSprint') }, ...sprints.map((sp) => ({ value: sp.id, label: sprintLabel(sp, t, date) }))];
  const columns = [
    t('settings.calendar.col.iteration'),
    t('settings.calendar.col.dates'),
    t('settings.calendar.col.sprint'),
    t('settings.calendar.col.manualCapacity'),
    t('settings.calendar.col.absenceDays'),
  ];
  return (
    <table style={{ ...tableStyle, marginTop: token('space.100') }} aria-label={t('settings.calendar.iterationsOf', { pi: pi.name })}>
      <thead>
        <tr>
          {columns.map((h, c) => (
            <th key={h} style={{ ...thStyle, whiteSpace: 'normal' }} scope="col" title={c === 4 ? t('settings.calendar.absenceDaysHint') : undefined}>{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {pi.iterations.map((it, k) => {
          const path = `settings.pis.${piIndex}.iterations.${k}`;
          const setIt = (patch: Partial<IterationSettings>): void => onChange({ ...pi, iterations: pi.iterations.map((x, m) => (m === k ? { ...x, ...patch } : x)) });
          const sprint = sprints.find((sp) => sp.id === it.sprintId);
          if (closed[k]) {
            return (
              <tr key={it.id} data-testid={`closed-iteration-${it.id}`}>
                <td style={tdStyle}>
                  {it.name} <Lozenge>{t('settings.calendar.closed')}</Lozenge>
                </td>
                <td style={{ ...tdStyle, maxWidth: 120 }}>{t('settings.calendar.dates', { start: date(it.start), end: date(it.end) })}</td>
                <td style={tdStyle}>{sprint?.name ?? (it.sprintId === null ? t('settings.calendar.noSprintShort') : t('settings.calendar.goneSprint', { id: it.sprintId }))}</td>
                <td style={tdStyle}>{it.manualCapacity ?? t('settings.calendar.derived')}</td>
                <td style={tdStyle}>{it.absenceDays}</td>
              </tr>
            );
          }
          return (
            <tr key={it.id}>
              <td style={tdStyle}><input data-field={`${path}.name`} aria-label={t('settings.calendar.iterationName', { n: k + 1, pi: pi.name })} style={{ ...inputStyle, width: 96 }} disabled={disabled} value={it.name} onChange={(e) => setIt({ name: e.target.value })} /></td>
              <td style={tdStyle}>
                <div style={{ display: 'grid', gap: 2 }}>
                  <input data-field={`${path}.start`} aria-label={t('settings.calendar.iterationStart', { iteration: it.name })} style={dateStyle} type="date" disabled={disabled} value={it.start} onChange={(e) => setIt({ start: e.target.value })} />
                  <input data-field={`${path}.end`} aria-label={t('settings.calendar.iterationEnd', { iteration: it.name })} style={dateStyle} type="date" disabled={disabled} value={it.end} onChange={(e) => setIt({ end: e.target.value })} />
                </div>
              </td>
              <td style={{ ...tdStyle, minWidth: 150 }} data-field={`${path}.sprintId`}>
                <Select {...selectTexts(currentTranslator())}
                  inputId={`sprint-${it.id}`}
                  aria-label={t('settings.calendar.iterationSprint', { iteration: it.name })}
                  isDisabled={disabled}
                  spacing="compact"
                  options={options}
                  value={options.find((o) => o.value === (it.sprintId ?? 0)) ?? { value: it.sprintId ?? 0, label: t('settings.calendar.goneSprint', { id: it.sprintId ?? 0 }) }}
                  onChange={(o) => {
                    if (!o) return;
                    const chosen = sprints.find((sp) => sp.id === o.value);
                    // A dated sprint brings its dates: the iteration is that sprint.
                    setIt({ sprintId: chosen?.id ?? null, ...(chosen?.start && chosen.end ? { start: chosen.start, end: chosen.end } : {}) });
                  }}
                />
              </td>
              <td style={tdStyle}><input data-field={`${path}.manualCapacity`} aria-label={t('settings.calendar.iterationManualCapacity', { iteration: it.name })} style={{ ...inputStyle, width: 64 }} type="number" min={0} disabled={disabled} value={it.manualCapacity ?? ''} placeholder={t('settings.calendar.derivePlaceholder')} onChange={(e) => setIt({ manualCapacity: e.target.value === '' ? null : Number(e.target.value) })} /></td>
              <td style={tdStyle}><input data-field={`${path}.absenceDays`} aria-label={t('settings.calendar.iterationAbsenceDays', { iteration: it.name })} style={{ ...inputStyle, width: 56 }} type="number" min={0} disabled={disabled} value={it.absenceDays} onChange={(e) => setIt({ absenceDays: Number(e.target.value) || 0 })} /></td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Keeps only the days off of people still in the team (the settings schema refuses unknown names). */
export function withoutDaysOffOf(pis: PiSettings[], members: Members): PiSettings[] {
  const names = new Set(members.map((m) => m.name));
  return pis.map((pi) => ({
    ...pi,
    iterations: pi.iterations.map((it) => {
      if (!it.daysOffByMember) return it;
      const kept = Object.entries(it.daysOffByMember).filter(([name]) => names.has(name));
      return kept.length === Object.keys(it.daysOffByMember).length ? it : withDaysOff(it, Object.fromEntries(kept));
    }),
  }));
}

/** An iteration with these days off per member; none at all leaves the field out, as older settings have it. */
function withDaysOff(it: IterationSettings, daysOff: Record<string, number>): IterationSettings {
  const { daysOffByMember: _old, ...rest } = it;
  return Object.keys(daysOff).length > 0 ? { ...rest, daysOffByMember: daysOff } : rest;
}

/** Days off per team member (rows) and iteration (columns) of one PI; a closed iteration's are read-only. */
function DaysOffEditor({
  pi,
  piIndex,
  closed,
  members,
  disabled,
  onChange,
}: {
  pi: PiSettings;
  piIndex: number;
  closed: boolean[];
  members: Members;
  disabled: boolean;
  onChange: (pi: PiSettings) => void;
}) {
  const { t } = useT();
  if (pi.iterations.length === 0) return null;
  const title = <h3 style={{ fontSize: 14, margin: `${token('space.200')} 0 ${token('space.050')}` }}>{t('settings.daysOff.title')}</h3>;
  if (members.length === 0) {
    return (
      <div>
        {title}
        <p style={{ color: token('color.text.subtle'), margin: 0 }}>{t('settings.daysOff.noMembers')}</p>
      </div>
    );
  }
  const setDays = (k: number, member: string, text: string): void => {
    const it = pi.iterations[k];
    if (!it) return;
    const daysOff = { ...(it.daysOffByMember ?? {}) };
    if (text.trim() === '') delete daysOff[member];
    else {
      const value = Number(text);
      if (!Number.isFinite(value) || value < 0) return;
      daysOff[member] = value;
    }
    onChange({ ...pi, iterations: pi.iterations.map((x, m) => (m === k ? withDaysOff(x, daysOff) : x)) });
  };
  const valid = members.every((m) => Number.isFinite(m.fte) && m.fte >= 0);
  return (
    <div>
      {title}
      <p style={{ color: token('color.text.subtle'), margin: `0 0 ${token('space.050')}`, fontSize: 12, maxWidth: 760 }}>
        {t('settings.daysOff.explain')}
      </p>
      <div style={{ overflowX: 'auto' }}>
        <table style={tableStyle} aria-label={t('settings.daysOff.tableOf', { pi: pi.name })}>
          <thead>
            <tr>
              <th style={thStyle} scope="col">{t('settings.daysOff.member')}</th>
              {pi.iterations.map((it) => (
                <th key={it.id} style={thStyle} scope="col">{it.name}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {members.map((member) => (
              <tr key={member.name}>
                <th scope="row" style={{ ...tdStyle, fontWeight: 400, whiteSpace: 'nowrap', verticalAlign: 'middle' }}>{member.name} ({member.fte})</th>
                {pi.iterations.map((it, k) =>
                  closed[k] ? (
                    <td key={it.id} style={tdStyle}>{it.daysOffByMember?.[member.name] ?? 0}</td>
                  ) : (
                    <td key={it.id} style={tdStyle}>
                      <input
                        data-field={`settings.pis.${piIndex}.iterations.${k}.daysOffByMember.${member.name}`}
                        aria-label={t('settings.daysOff.cell', { member: member.name, iteration: it.name })}
                        style={{ ...inputStyle, width: 72 }}
                        type="number"
                        min={0}
                        step={0.5}
                        placeholder="0"
                        disabled={disabled}
                        value={it.daysOffByMember?.[member.name] ?? ''}
                        onChange={(e) => setDays(k, member.name, e.target.value)}
                      />
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" style={{ ...tdStyle, whiteSpace: 'nowrap' }}>{t('settings.daysOff.withoutVelocity')}</th>
              {pi.iterations.map((it) => (
                <td key={it.id} style={{ ...tdStyle, fontWeight: 600 }} data-testid={`normalized-${it.id}`}>
                  {valid ? t('settings.daysOff.points', { points: normalizedEstimate({ members, daysOffByMember: it.daysOffByMember, absenceDays: it.absenceDays }) }) : '–'}
                </td>
              ))}
            </tr>
          </tfoot>
        </table>
      </div>
    </div>
  );
}

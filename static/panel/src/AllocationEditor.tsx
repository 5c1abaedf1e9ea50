import { useMemo, useState } from 'react';
import Button from '@atlaskit/button/new';
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import type { AllocationHistoryDto, AllocationHistoryEntryDto, AppError, BalanceDto, I18nMessage } from '../../../src/contracts';
import { panelApi, toAppError, unwrap } from '../../shared/api';
import { useLoad } from '../../shared/useLoad';
import { ErrorMessage, Section, tableStyle, tdStyle, thStyle } from '../../shared/ui';
import { useT, type Translator } from '../../shared/i18n';
import { messageText } from '../../shared/errorText';

type Draft = Record<string, string>;

function toDraft(percents: Record<string, number>, ids: string[]): Draft {
  return Object.fromEntries(ids.map((id) => [id, String(percents[id] ?? 0)]));
}

/** Whole numbers 0..100 or null when the text is not one. */
function parsePercent(text: string): number | null {
  if (!/^\d{1,3}$/.test(text.trim())) return null;
  const value = Number(text);
  return value <= 100 ? value : null;
}

export function AllocationEditor({
  balance,
  accountId,
  canPlan,
  justSaved,
  onSaved,
  onReload,
}: {
  balance: BalanceDto;
  /** The signed-in user: their own saves read "you" rather than their account id. */
  accountId: string | null;
  canPlan: boolean;
  justSaved: boolean;
  onSaved: (version: number) => void;
  onReload: () => void;
}) {
  const { t, tp, date, list } = useT();
  const ids = balance.workTypes.map((w) => w.id);
  const closed = balance.iterations.filter((it) => it.closed);
  const [draft, setDraft] = useState<Draft>(() => toDraft(balance.allocation.percents, ids));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [saved, setSaved] = useState(justSaved);
  const history = useLoad(() => panelApi('getAllocationHistory', {}), [balance.allocation.version]);

  const parsed = ids.map((id) => parsePercent(draft[id] ?? ''));
  const invalid = parsed.some((p) => p === null);
  const sum = parsed.reduce<number>((total, p) => total + (p ?? 0), 0);
  const remainder = 100 - sum;
  const changed = ids.some((id) => parsePercent(draft[id] ?? '') !== (balance.allocation.percents[id] ?? 0));
  const canSave = canPlan && !invalid && remainder === 0 && changed && !saving;

  const piOrder = useMemo(() => new Map(balance.pis.map((pi, i) => [pi.id, i])), [balance.pis]);
  const piNames = useMemo(() => new Map(balance.pis.map((pi) => [pi.id, pi.name])), [balance.pis]);
  const currentIndex = piOrder.get(balance.pi.id) ?? 0;
  // The newest save of the latest PI before this one (entries are newest first).
  const previous: AllocationHistoryEntryDto | undefined = (history.data?.latestPerPi ?? [])
    .filter((e) => (piOrder.get(e.piId) ?? Infinity) < currentIndex)
    .sort((a, b) => (piOrder.get(b.piId) ?? 0) - (piOrder.get(a.piId) ?? 0))[0];

  const save = async (): Promise<void> => {
    setSaving(true);
    setError(null);
    setSaved(false);
    try {
      const percents = Object.fromEntries(ids.map((id, i) => [id, parsed[i] ?? 0]));
      const allocation = unwrap(await panelApi('saveAllocation', { piId: balance.pi.id, percents, baseVersion: balance.allocation.version }));
      onSaved(allocation.version);
    } catch (failure) {
      setError(toAppError(failure));
    } finally {
      setSaving(false);
    }
  };

  const status =
    invalid ? t('panel.eachShareMustBeA')
    : remainder > 0 ? t('panel.allocation.leftToAllocate', { percent: remainder })
    : remainder < 0 ? t('panel.allocation.overBy', { percent: -remainder })
    : t('panel.sharesAddUpTo100');

  return (
    <Section
      id="allocation"
      title={t('panel.allocation.title', { pi: balance.pi.name })}
      description={
        balance.allocation.isDefault
          ? t('panel.nobodyHasSavedAnAllocation')
          : t('panel.allocation.savedBy', {
              who: savedByLabel(t, balance.allocation, accountId),
              date: balance.allocation.savedAt ? date(balance.allocation.savedAt) : '?',
              version: balance.allocation.version,
            })
      }
    >
      {balance.allocation.problem ? <UnreadableAllocation problem={messageText(t, balance.allocation.problem, balance.allocation.problemI18n)} /> : null}
      <form
        aria-label={t('panel.allocationEditor')}
        onSubmit={(event) => {
          event.preventDefault();
          if (canSave) void save();
        }}
      >
        <div style={{ display: 'flex', gap: token('space.200'), flexWrap: 'wrap', alignItems: 'flex-end' }}>
          {balance.workTypes.map((w, i) => (
            <div key={w.id} style={{ display: 'grid', gap: token('space.050') }}>
              <label htmlFor={`alloc-${w.id}`} style={{ fontSize: 12, fontWeight: 600, color: token('color.text.subtle') }}>
                {w.name} %
              </label>
              <input
                id={`alloc-${w.id}`}
                type="number"
                min={0}
                max={100}
                step={1}
                inputMode="numeric"
                disabled={!canPlan}
                value={draft[w.id] ?? ''}
                aria-invalid={parsed[i] === null}
                onChange={(event) => {
                  const value = event.target.value;
                  setDraft((d) => ({ ...d, [w.id]: value }));
                  setSaved(false);
                }}
                style={{
                  width: 88,
                  padding: `${token('space.075')} ${token('space.100')}`,
                  border: `2px solid ${parsed[i] === null ? token('color.border.danger') : token('color.border.input')}`,
                  borderRadius: 4,
                  background: token('color.background.input'),
                  color: token('color.text'),
                  font: 'inherit',
                }}
              />
            </div>
          ))}
          <div role="status" aria-live="polite" data-testid="allocation-remainder" style={{ paddingBottom: token('space.075'), color: remainder === 0 && !invalid ? token('color.text.success') : token('color.text.warning'), fontWeight: 600 }}>
            {status}
          </div>
        </div>
        <div style={{ display: 'flex', gap: token('space.100'), marginTop: token('space.150'), flexWrap: 'wrap' }}>
          <Button type="submit" appearance="primary" isDisabled={!canSave} isLoading={saving}>
            {t('panel.saveAllocation')}
          </Button>
          <Button
            isDisabled={!canPlan || !previous}
            onClick={() => previous && setDraft(toDraft(previous.percents, ids))}
          >
            {previous ? t('panel.allocation.copyFrom', { pi: piNames.get(previous.piId) ?? previous.piId }) : t('panel.copyFromPreviousPi')}
          </Button>
          <Button isDisabled={!changed} onClick={() => setDraft(toDraft(balance.allocation.percents, ids))}>
            {t('panel.reset')}
          </Button>
        </div>
        {closed.length > 0 ? (
          <p data-testid="allocation-closed-note" style={{ color: token('color.text.subtle'), maxWidth: 720 }}>
            {tp('balance.allocation.closedNote', closed.length, { closed: list(closed.map((it) => it.name)) })}
          </p>
        ) : null}
        {!canPlan ? <p style={{ color: token('color.text.subtle') }}>{t('panel.onlyProjectAdminsAndThe')}</p> : null}
      </form>
      {error ? <div style={{ marginTop: token('space.100') }}><ErrorMessage error={error} onRetry={error.code === 'STALE' ? onReload : undefined} /></div> : null}
      {saved ? (
        <div style={{ marginTop: token('space.100') }}>
          <SectionMessage appearance="success" title={t('panel.allocationSaved')}>
            <p>{t('panel.theBalanceAndTheIteration')}</p>
          </SectionMessage>
        </div>
      ) : null}
      {history.data ? <AllocationHistory key={balance.allocation.version} first={history.data} piNames={piNames} workTypes={balance.workTypes} accountId={accountId} /> : null}
    </Section>
  );
}

/**
 * Who saved: "you" for the signed-in user; others by their Jira display name (never their account id), or the
 * backend's placeholder ("a former user") in the reader's language.
 */
function savedByLabel(t: Translator['t'], save: { savedBy: string | null; savedByName: string | null; savedByNameI18n?: I18nMessage }, accountId: string | null): string {
  if (save.savedBy === null) return t('panel.allocation.someone');
  if (accountId !== null && save.savedBy === accountId) return t('panel.allocation.you');
  return save.savedByName === null ? t('panel.allocation.someone') : messageText(t, save.savedByName, save.savedByNameI18n);
}

/** The history a page at a time (the newest first): "Show older saves" asks for the next page. */
function AllocationHistory({ first, piNames, workTypes, accountId }: { first: AllocationHistoryDto; piNames: Map<string, string>; workTypes: BalanceDto['workTypes']; accountId: string | null }) {
  const { t, date, percent } = useT();
  const [older, setOlder] = useState<AllocationHistoryEntryDto[]>([]);
  const [next, setNext] = useState<string | null>(first.next);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const entries = [...first.entries, ...older];
  const showOlder = async (): Promise<void> => {
    if (!next) return;
    setLoading(true);
    setError(null);
    try {
      const page = unwrap(await panelApi('getAllocationHistory', { before: next }));
      setOlder((shown) => [...shown, ...page.entries]);
      setNext(page.next);
    } catch (failure) {
      setError(toAppError(failure));
    } finally {
      setLoading(false);
    }
  };
  if (entries.length === 0) return <p style={{ color: token('color.text.subtle') }}>{t('panel.noAllocationSavedYetIn')}</p>;
  return (
    <details style={{ marginTop: token('space.200') }}>
      <summary style={{ cursor: 'pointer', color: token('color.link') }}>{t('panel.allocation.history', { count: first.total })}</summary>
      <table style={tableStyle} aria-label={t('panel.allocationHistory')}>
        <thead>
          <tr>
            <th style={thStyle} scope="col">{t('panel.pi')}</th>
            <th style={thStyle} scope="col">{t('panel.version')}</th>
            {workTypes.map((w) => (
              <th key={w.id} style={thStyle} scope="col">{w.name}</th>
            ))}
            <th style={thStyle} scope="col">{t('panel.savedBy')}</th>
            <th style={thStyle} scope="col">{t('panel.when')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={`${e.piId}:${e.version}`}>
              <td style={tdStyle}>{piNames.get(e.piId) ?? e.piId}</td>
              <td style={tdStyle}>{e.version}</td>
              {workTypes.map((w) => (
                <td key={w.id} style={tdStyle}>{percent(e.percents[w.id] ?? 0, { alreadyPercent: true })}</td>
              ))}
              <td style={tdStyle}>{savedByLabel(t, e, accountId)}</td>
              <td style={tdStyle}>{date(e.savedAt, { withTime: true })}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {next ? (
        <div style={{ marginTop: token('space.100') }}>
          <Button isLoading={loading} onClick={() => void showOlder()}>
            {t('balance.history.showOlder')}
          </Button>
        </div>
      ) : null}
      {error ? <ErrorMessage error={error} /> : null}
    </details>
  );
}

/** The newest save is damaged in storage: what is wrong and what is shown instead (saving again mends it). */
function UnreadableAllocation({ problem }: { problem: string }) {
  const { t } = useT();
  return (
    <div style={{ marginBottom: token('space.150') }} data-testid="allocation-problem">
      <SectionMessage appearance="warning" title={t('balance.allocation.unreadableTitle')}>
        <p>{problem}</p>
      </SectionMessage>
    </div>
  );
}

/** Small building blocks every app uses: errors a user can act on, loading, empty states, tables, job progress. */
import { createContext, useContext, useEffect, useState, type CSSProperties, type ReactNode } from 'react';
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import ProgressBar from '@atlaskit/progress-bar';
import Heading from '@atlaskit/heading';
import { token } from '@atlaskit/tokens';
import type { AppError, I18nMessage, JobDto, Result } from '../../src/contracts';
import { toAppError, unwrap } from './api';
import { currentTranslator, useT } from './i18n';
import { errorText, messageText } from './errorText';

/**
 * Who can set the project up, for a user who cannot ("Only ORION's administrators (such as the project lead,
 * Paula Owner) ... : ask one of them"); null when the user can. Set-up messages then say whom to ask instead of
 * what to change in the settings.
 */
export const SetupHintContext = createContext<string | null>(null);

/** A set-up gap: what is missing, then what to do in the settings, or, for someone who cannot, whom to ask. */
export function SetupNeeded({ fact, action }: { fact: string; action: string }) {
  const hint = useContext(SetupHintContext);
  return (
    <p>
      {fact} {hint ?? action}
    </p>
  );
}

export function ErrorMessage({ error, onRetry, retryLabel }: { error: AppError; onRetry?: () => void; retryLabel?: string }) {
  const { t } = useT();
  const setupHint = useContext(SetupHintContext);
  const appearance = error.code === 'NOT_CONFIGURED' || error.code === 'FORBIDDEN' || error.code === 'UNLICENSED' ? 'warning' : 'error';
  // Retrying cannot fix a missing permission or licence, nor a project the user may not browse (Jira answers
  // "not found" for those); the message says whom to ask.
  const canRetry = onRetry && error.code !== 'FORBIDDEN' && error.code !== 'UNLICENSED' && error.code !== 'NOT_FOUND';
  const label = retryLabel ?? (error.code === 'STALE' || error.code === 'CONFIRMATION_EXPIRED' ? t('common.reload') : t('common.tryAgain'));
  const suffix = error.code === 'RATE_LIMITED' && error.retryAfterSeconds ? ` ${t('error.retryIn', { seconds: error.retryAfterSeconds })}` : '';
  return (
    <SectionMessage
      appearance={appearance}
      title={t(`error.title.${error.code}`)}
      actions={canRetry ? [<SectionMessageAction key="retry" onClick={onRetry}>{label}</SectionMessageAction>] : []}
    >
      <p role="alert">
        {errorText(t, error)}
        {suffix}
      </p>
      {error.code === 'NOT_CONFIGURED' && setupHint ? <p data-testid="setup-hint">{t('error.setupByOthers', { hint: setupHint })}</p> : null}
    </SectionMessage>
  );
}

/**
 * Shown on top of every app while nothing can be changed whatever the user's permissions (no active licence,
 * or a read-only local run): the app stays readable, its write buttons are off, and this says why.
 */
export function ReadOnlyBanner({ reason, i18n }: { reason: string | null | undefined; i18n?: I18nMessage | null }) {
  const { t } = useT();
  if (!reason) return null;
  return (
    <div style={{ marginBottom: token('space.150') }} data-testid="read-only-banner">
      <SectionMessage appearance="warning" title={t('common.readOnly')}>
        <p style={{ margin: 0 }}>{messageText(t, reason, i18n)}</p>
      </SectionMessage>
    </div>
  );
}

export function Loading({ label }: { label: string }) {
  return (
    <div role="status" aria-live="polite" style={{ display: 'flex', alignItems: 'center', gap: token('space.100'), padding: token('space.300'), color: token('color.text.subtle') }}>
      <Spinner size="medium" label={label} />
      <span>{label}</span>
    </div>
  );
}

export function Empty({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <div style={{ padding: token('space.400'), textAlign: 'center', color: token('color.text.subtle'), maxWidth: 560, margin: '0 auto' }}>
      <Heading size="small" as="h3">
        {title}
      </Heading>
      <div style={{ marginTop: token('space.100') }}>{children}</div>
      {action ? <div style={{ marginTop: token('space.200') }}>{action}</div> : null}
    </div>
  );
}

export function Section({ title, description, actions, children, id }: { title: string; description?: ReactNode; actions?: ReactNode; children: ReactNode; id?: string }) {
  const headingId = id ? `${id}-heading` : undefined;
  return (
    <section aria-labelledby={headingId} style={{ marginTop: token('space.300') }}>
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: token('space.200'), flexWrap: 'wrap' }}>
        <div id={headingId}>
          <Heading size="small" as="h2">
            {title}
          </Heading>
        </div>
        {actions ? <div style={{ display: 'flex', gap: token('space.100'), flexWrap: 'wrap' }}>{actions}</div> : null}
      </div>
      {description ? <p style={{ margin: `${token('space.050')} 0 ${token('space.100')}`, color: token('color.text.subtle') }}>{description}</p> : null}
      {children}
    </section>
  );
}

/** Points and other figures in the user's locale: whole numbers as is, others to one decimal (capacity from velocity is a mean). */
export function fmt(value: number): string {
  return currentTranslator().num(value);
}

export const tableStyle: CSSProperties = { width: '100%', borderCollapse: 'collapse', fontSize: 14 };
export const thStyle: CSSProperties = {
  textAlign: 'left',
  padding: `${token('space.075')} ${token('space.100')}`,
  borderBottom: `2px solid ${token('color.border')}`,
  color: token('color.text.subtle'),
  fontWeight: 600,
  whiteSpace: 'nowrap',
};
export const tdStyle: CSSProperties = { padding: `${token('space.075')} ${token('space.100')}`, borderBottom: `1px solid ${token('color.border')}`, color: token('color.text') };
export const numStyle: CSSProperties = { ...tdStyle, textAlign: 'right', fontVariantNumeric: 'tabular-nums' };

/** Colours for work types, by index, from the token palette so both themes read well. */
export const SERIES_COLORS = [
  token('color.background.accent.blue.bolder'),
  token('color.background.accent.purple.bolder'),
  token('color.background.accent.orange.bolder'),
  token('color.background.accent.teal.bolder'),
  token('color.background.accent.magenta.bolder'),
  token('color.background.accent.lime.bolder'),
  token('color.background.accent.yellow.bolder'),
  token('color.background.accent.red.bolder'),
];

export function seriesColor(index: number): string {
  return SERIES_COLORS[index % SERIES_COLORS.length];
}

/** Polls a queued job until it is done or failed, showing issues done of total. */
export function JobProgress({ jobId, load, onFinished }: { jobId: string; load: (jobId: string) => Promise<Result<JobDto>>; onFinished?: (job: JobDto) => void }) {
  const [job, setJob] = useState<JobDto | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async (): Promise<void> => {
      try {
        const next = unwrap(await load(jobId));
        if (stopped) return;
        setJob(next);
        if (next.state === 'done' || next.state === 'failed') {
          onFinished?.(next);
          return;
        }
      } catch (failure) {
        if (!stopped) setError(toAppError(failure));
        return;
      }
      timer = setTimeout(() => void poll(), 500);
    };
    void poll();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
    // One poll loop per job id; `load` and `onFinished` are fresh closures each render.
  }, [jobId]);
  const { t, tp } = useT();

  if (error) return <ErrorMessage error={error} />;
  if (!job) return <Loading label={t('job.starting')} />;
  const fraction = job.total > 0 ? job.done / job.total : 0;
  return (
    <div data-testid="job-progress" data-state={job.state} style={{ display: 'grid', gap: token('space.100') }}>
      <div aria-live="polite">{job.message ? messageText(t, job.message, job.i18n) : t('job.doneOfTotal', { done: job.done, total: job.total })}</div>
      <ProgressBar ariaLabel={t('job.progressLabel', { done: job.done, total: job.total })} value={job.state === 'done' ? 1 : fraction} isIndeterminate={job.total === 0 && job.state !== 'done'} />
      {job.state === 'done' ? (
        <SectionMessage appearance="success" title={t('job.done')}>
          <p>
            {job.kind === 'load'
              ? tp('job.loaded', job.done)
              : job.failed.length
                ? tp('job.changedSomeFailed', job.changed.length, { failed: job.failed.length })
                : tp('job.changed', job.changed.length)}
          </p>
        </SectionMessage>
      ) : null}
      {job.error ? <ErrorMessage error={job.error} /> : null}
      {job.failed.length > 0 ? (
        <ul aria-label={t('job.notChanged')}>
          {job.failed.map((f) => (
            <li key={f.key}>
              {f.key}: {messageText(t, f.reason, f.i18n)}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export type PillTone = 'neutral' | 'success' | 'warning' | 'information' | 'discovery';

const PILL_COLORS: Record<PillTone, [string, string]> = {
  neutral: [token('color.background.neutral'), token('color.text.subtle')],
  success: [token('color.background.success'), token('color.text.success')],
  warning: [token('color.background.warning'), token('color.text.warning')],
  information: [token('color.background.information'), token('color.text.information')],
  discovery: [token('color.background.discovery'), token('color.text.discovery')],
};

/**
 * A lozenge drawn as one span: list rows render thousands of these while scrolling, where Atlaskit's
 * Lozenge (several nested elements with runtime styles) costs frames.
 */
export function Pill({ tone = 'neutral', children }: { tone?: PillTone; children: ReactNode }) {
  const [background, color] = PILL_COLORS[tone];
  return (
    <span
      style={{
        background,
        color,
        borderRadius: 3,
        padding: '0 4px',
        fontSize: 11,
        fontWeight: 700,
        textTransform: 'uppercase',
        lineHeight: '16px',
        whiteSpace: 'nowrap',
        overflow: 'hidden',
        textOverflow: 'ellipsis',
        maxWidth: 'min(150px, 100%)',
        display: 'inline-block',
      }}
    >
      {children}
    </span>
  );
}

/**
 * A part of the page that scrolls on its own, reachable and named for the keyboard (focusable, so the arrow
 * keys scroll it; a region with a name, so a screen reader says what it is).
 */
export function ScrollArea({ label, maxHeight, children }: { label: string; maxHeight: number; children: ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} style={{ maxHeight, overflow: 'auto' }}>
      {children}
    </div>
  );
}

/**
 * The ART view (issue 17): the program project's page for the RTE. It reads the train (teams as this user may
 * see them, the program's features, the guardrails), then each team on its own call (its snapshot and its
 * PO's plan), loading in the background, with progress per team, any team never loaded; the sections are
 * composed in the browser with the domain's rules (`composeTrain`), so no call reads the whole train.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import Heading from '@atlaskit/heading';
import ProgressBar from '@atlaskit/progress-bar';
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import { composeTrain, type TrainFeature } from '../../../../src/domain';
import type { AppError, ArtJobDto, ArtTeamDto, ArtTrainDto, WhoAmIDto } from '../../../../src/contracts';
import { panelApi, toAppError, unwrap } from '../../../shared/api';
import { useT } from '../../../shared/i18n';
import { errorText, messageText } from '../../../shared/errorText';
import { useLoad } from '../../../shared/useLoad';
import { ErrorMessage, Loading, ReadOnlyBanner, Section, numStyle, tableStyle, tdStyle, thStyle } from '../../../shared/ui';
import { ArtFeatures } from './ArtFeatures';
import { ArtAllocation } from './ArtAllocation';
import { ArtDependencies } from './ArtDependencies';
import { ArtLoad } from './ArtLoad';
import { TeamListEditor } from './ArtSettings';

type TeamState = { kind: 'waiting' } | { kind: 'loading'; job: ArtJobDto | null } | { kind: 'ready'; data: ArtTeamDto } | { kind: 'failed'; error: AppError };

/** Teams read at once: each is one resolver call; the browser keeps a few in flight. */
const PARALLEL_TEAMS = 4;
const POLL_MS = 1000;

export function ArtView({ who }: { who: WhoAmIDto }) {
  const { t, tp } = useT();
  const train = useLoad(() => panelApi('getArtTrain'), []);
  const teams = useTrainTeams(train.data);
  const canPlan = who.can.plan;

  const ready = useMemo(() => (train.data?.teams ?? []).flatMap((team) => {
    const state = teams[team.key];
    return state?.kind === 'ready' ? [state.data] : [];
  }), [train.data, teams]);
  const composed = useMemo(() => {
    if (!train.data) return null;
    const features: TrainFeature[] = train.data.features.map(([key, summary, , rank, businessValue, timeCriticality, riskReduction, jobSize]) => ({
      key,
      summary,
      rank,
      wsjfParts: { businessValue, timeCriticality, riskReduction, jobSize },
      storyPoints: [],
    }));
    return composeTrain(ready, features, train.data.settings.guardrails);
  }, [train.data, ready]);

  if (train.error) return <main style={{ padding: token('space.300') }}><ErrorMessage error={train.error} onRetry={train.reload} /></main>;
  const data = train.data;
  return (
    <main style={{ padding: `${token('space.200')} ${token('space.300')}`, color: token('color.text') }} data-testid="art-view">
      <div style={{ display: 'flex', alignItems: 'baseline', justifyContent: 'space-between', gap: token('space.200') }}>
        <Heading size="large" as="h1">
          {t('art.title', { program: who.projectName ?? who.projectKey ?? '' })}
        </Heading>
        <span style={{ color: token('color.text.subtle'), fontSize: 12 }}>{`${who.displayName} · ${canPlan ? t('art.canPlan') : t('art.readOnly')}`}</span>
      </div>
      <ReadOnlyBanner reason={who.readOnly} i18n={who.readOnlyI18n} />
      {!who.readOnly && !canPlan && who.hint ? <p style={{ color: token('color.text.subtle'), margin: `0 0 ${token('space.100')}` }}>{messageText(t, who.hint, who.hintI18n)}</p> : null}
      {!data ? (
        <Loading label={t('art.loadingTrain')} />
      ) : (
        <>
          <Section id="art-teams" title={t('art.teams.title')} description={data.detected ? t('art.teams.detected') : t('art.teams.confirmed')} actions={canPlan ? <TeamListEditor train={data} onSaved={train.reload} /> : undefined}>
            {data.hiddenTeams > 0 ? (
              <div style={{ marginBottom: token('space.100') }} data-testid="art-hidden-teams">
                <SectionMessage appearance="information">
                  <p style={{ margin: 0 }}>{tp('art.teams.hidden', data.hiddenTeams)}</p>
                </SectionMessage>
              </div>
            ) : null}
            <TeamsTable train={data} teams={teams} />
          </Section>
          {composed ? (
            <>
              <ArtFeatures train={data} teams={ready} composed={composed} canPlan={canPlan} onChanged={train.setData} onReranked={train.reload} />
              <ArtAllocation train={data} teams={ready} composed={composed} canPlan={canPlan} onSaved={train.reload} />
              <ArtDependencies teams={ready} composed={composed} />
              <ArtLoad composed={composed} />
            </>
          ) : null}
        </>
      )}
    </main>
  );
}

function TeamsTable({ train, teams }: { train: ArtTrainDto; teams: Record<string, TeamState> }) {
  const { t, tp, num } = useT();
  if (train.teams.length === 0) return <p>{t('art.teams.none')}</p>;
  return (
    <table style={tableStyle} aria-label={t('art.teams.title')}>
      <thead>
        <tr>
          <th style={thStyle} scope="col">{t('art.teams.team')}</th>
          <th style={thStyle} scope="col">{t('art.teams.pi')}</th>
          <th style={{ ...thStyle, textAlign: 'right' }} scope="col">{t('art.teams.programStories')}</th>
          <th style={{ ...thStyle, textAlign: 'right' }} scope="col">{t('art.teams.capacity')}</th>
          <th style={thStyle} scope="col">{t('art.teams.state')}</th>
        </tr>
      </thead>
      <tbody>
        {train.teams.map((team) => {
          const state = teams[team.key] ?? { kind: 'waiting' };
          const data = state.kind === 'ready' ? state.data : null;
          return (
            <tr key={team.key} data-testid={`art-team-${team.key}`}>
              <td style={tdStyle}>
                <strong>{team.key}</strong> <span style={{ color: token('color.text.subtle') }}>{team.name}</span>
              </td>
              <td style={tdStyle}>{data?.pi.name ?? ''}</td>
              <td style={numStyle}>{data ? data.stories.length : ''}</td>
              <td style={numStyle}>{data ? num(data.iterations.filter((it) => it.start >= data.pi.start && it.end <= data.pi.end).reduce((s, it) => s + it.capacity, 0)) : ''}</td>
              <td style={{ ...tdStyle, minWidth: 220 }}>
                {state.kind === 'ready' ? (
                  <span>{data && data.notes.length > 0 ? data.notes.map((note, i) => messageText(t, note, data.notesI18n?.[i])).join(' ') : t('art.teams.ready')}</span>
                ) : state.kind === 'failed' ? (
                  <span style={{ color: token('color.text.danger') }}>{errorText(t, state.error)}</span>
                ) : state.kind === 'loading' ? (
                  <div>
                    <span>{state.job && state.job.total > 0 ? tp('art.teams.loadingProgress', state.job.total, { done: state.job.done }) : t('art.teams.loadingStart')}</span>
                    <ProgressBar ariaLabel={t('art.teams.loadingOf', { team: team.key })} value={state.job && state.job.total > 0 ? state.job.done / state.job.total : 0} isIndeterminate={!state.job || state.job.total === 0} />
                  </div>
                ) : (
                  <span>{t('art.teams.waiting')}</span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/**
 * Each team's read, a few at a time; the teams never loaded for this user are loaded in the background first
 * (one job per team, polled for its progress) and read when their job is done.
 */
function useTrainTeams(train: ArtTrainDto | null): Record<string, TeamState> {
  const [states, setStates] = useState<Record<string, TeamState>>({});
  // Read again only when the team list changes: a score or a guardrail saved changes the train, not the teams.
  const teamList = train ? train.teams.map((t) => `${t.key}:${t.loaded ? 1 : 0}`).join(',') : null;
  const trainRef = useRef(train);
  trainRef.current = train;
  useEffect(() => {
    const train = trainRef.current;
    if (!train || teamList === null) return;
    let live = true;
    const set = (team: string, state: TeamState) => {
      if (live) setStates((s) => ({ ...s, [team]: state }));
    };
    const queue = train.teams.filter((t) => t.loaded).map((t) => t.key);
    const read = async (team: string): Promise<void> => {
      try {
        set(team, { kind: 'ready', data: unwrap(await panelApi('getArtTeam', { team })) });
      } catch (failure) {
        set(team, { kind: 'failed', error: toAppError(failure) });
      }
    };
    const worker = async (): Promise<void> => {
      for (let team = queue.shift(); team !== undefined && live; team = queue.shift()) await read(team);
    };
    setStates(Object.fromEntries(train.teams.map((t) => [t.key, t.loaded ? { kind: 'waiting' } : { kind: 'loading', job: null }])));
    void Promise.all(Array.from({ length: PARALLEL_TEAMS }, worker));
    const unloaded = train.teams.filter((t) => !t.loaded);
    if (unloaded.length > 0) {
      void (async () => {
        try {
          // A few teams load at once (Jira caps a user's requests); when one is done, the next starts.
          let { jobs, waiting } = unwrap(await panelApi('loadArtTeams'));
          const failed = new Set<string>();
          while (live && jobs.length > 0) {
            const progress = unwrap(await panelApi('getArtJobs', { jobs }));
            for (const job of progress) {
              if (job.state === 'done') void read(job.team);
              else if (job.state === 'failed') {
                failed.add(job.team);
                set(job.team, { kind: 'failed', error: job.error ?? { code: 'INTERNAL', message: job.message, ...(job.i18n ? { i18n: job.i18n } : {}) } });
              }
              else set(job.team, { kind: 'loading', job });
            }
            const running = new Set(progress.filter((j) => j.state === 'queued' || j.state === 'running').map((j) => j.team));
            jobs = jobs.filter((j) => running.has(j.team));
            // A failed load is shown, not started again and again: reopening the page retries it.
            if (waiting.length > 0 && jobs.length < progress.length) ({ jobs, waiting } = unwrap(await panelApi('loadArtTeams')));
            jobs = jobs.filter((j) => !failed.has(j.team));
            if (jobs.length > 0) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
          }
        } catch (failure) {
          for (const team of unloaded) set(team.key, { kind: 'failed', error: toAppError(failure) });
        }
      })();
    }
    return () => {
      live = false;
    };
  }, [teamList]);
  return states;
}

import { lazy, Suspense, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import Heading from '@atlaskit/heading';
import { token } from '@atlaskit/tokens';
import { panelApi } from '../../shared/api';
import { useLoad } from '../../shared/useLoad';
import { ErrorMessage, Loading, ReadOnlyBanner, SetupHintContext } from '../../shared/ui';
import { BalanceTab } from './BalanceTab';
import { BacklogTab } from './BacklogTab';
import { BacklogLoader } from './BacklogLoader';
import { useFrameIdentity } from '../../shared/frameContext';
import { BacklogPrefetch } from './backlogPrefetch';
import { useLocalState } from '../../shared/useSessionState';
import { PiChoiceContext, PiPicker, type PiChoice } from './piChoice';
import type { PiChoiceDto } from '../../../src/contracts';
import { useT } from '../../shared/i18n';
import { messageText } from '../../shared/errorText';

// Balance opens first and Backlog is the most used: both are in the first bundle; the others load on demand.
const RefinementTab = lazy(() => import('./RefinementTab').then((m) => ({ default: m.RefinementTab })));
const FillTab = lazy(() => import('./FillTab').then((m) => ({ default: m.FillTab })));
const HealthTab = lazy(() => import('./HealthTab').then((m) => ({ default: m.HealthTab })));
// The program project's page (the ART view): its own chunk, loaded only in a program project.
const ArtView = lazy(() => import('./art/ArtView').then((m) => ({ default: m.ArtView })));

const TABS = ['panel.tab.balance', 'panel.tab.backlog', 'panel.tab.refinement', 'panel.tab.fill', 'panel.tab.health'] as const;

export function App() {
  const { t } = useT();
  // whoAmI and the tabs' first reads go out together; the frame context (instant) is enough to start.
  const frame = useFrameIdentity();
  const me = useLoad(() => panelApi('whoAmI'), []);
  // Reopening the panel returns to the tab and PI last used (per project and user, in this browser).
  const [last, setLast] = useLocalState<{ tab: number; piId?: string }>(`backlog-balance:panel:${frame?.projectKey ?? ''}:${frame?.accountId ?? ''}`, { tab: 0 });
  const tab = Math.min(Math.max(0, last.tab), TABS.length - 1);
  const setTab = (index: number): void => setLast((l) => ({ ...l, tab: index }));
  // undefined = the resolver's default PI (the one containing today, else the next).
  const piId = last.piId;
  const choose = useCallback((id: string | undefined) => setLast((l) => ({ ...l, piId: id })), [setLast]);
  const [shown, setShown] = useState<PiChoiceDto | null>(null);
  const piChoice = useMemo<PiChoice>(() => ({ piId, choose, shown, setShown }), [piId, choose, shown]);
  const [prefetch] = useState(() => new BacklogPrefetch());

  if (me.error) return <div style={{ padding: token('space.300') }}><ErrorMessage error={me.error} onRetry={me.reload} /></div>;
  const who = me.data;
  if (who && !who.can.read) {
    return (
      <main style={{ padding: token('space.300') }}>
        <ErrorMessage
          error={who.hint ? { code: 'NOT_FOUND', message: who.hint, i18n: who.hintI18n ?? undefined } : { code: 'NOT_FOUND', message: t('panel.cannotBrowse', { project: who.projectKey ?? t('panel.thisProject') }) }}
        />
      </main>
    );
  }
  if (who?.art) {
    return (
      <Suspense fallback={<Loading label={t('panel.loading')} />}>
        <ArtView who={who} />
      </Suspense>
    );
  }
  if (who?.setupNeeded) {
    // A project display conditions let through but that holds no team backlog: say what is needed, nothing else.
    return (
      <main style={{ padding: token('space.300'), color: token('color.text') }}>
        <p data-testid="setup-needed" style={{ margin: 0 }}>{messageText(t, who.setupNeeded, who.setupNeededI18n)}</p>
      </main>
    );
  }
  if (!frame) return <Loading label={t('panel.loadingBacklogBalance')} />;
  // Until whoAmI answers nobody may plan: write buttons stay disabled rather than fail.
  const canPlan = who?.can.plan ?? false;
  return (
    <main style={{ padding: `${token('space.200')} ${token('space.300')}`, color: token('color.text') }}>
      <div style={{ display: 'flex', alignItems: 'baseline', justifyContent: 'space-between', gap: token('space.200'), marginBottom: token('space.100') }}>
        <Heading size="large" as="h1">
          {t('panel.heading')}{who?.projectName ? ` · ${who.projectName}` : ''}
        </Heading>
        <span style={{ color: token('color.text.subtle'), fontSize: 12 }}>
          {who ? `${who.displayName} · ${who.can.plan ? t('panel.canPlan') : t('panel.readOnly')}` : ''}
        </span>
      </div>
      <ReadOnlyBanner reason={who?.readOnly} i18n={who?.readOnlyI18n} />
      {who && !who.readOnly && !who.can.plan && who.hint ? <p style={{ color: token('color.text.subtle'), margin: `0 0 ${token('space.100')}` }}>{messageText(t, who.hint, who.hintI18n)}</p> : null}
      <SetupHintContext.Provider value={who && !who.can.configure && who.hint ? messageText(t, who.hint, who.hintI18n) : null}>
      <PiChoiceContext.Provider value={piChoice}>
      <BacklogLoader projectKey={frame.projectKey ?? ''} accountId={frame.accountId}>
        <StartPrefetch prefetch={prefetch} piId={piId} />
        {/* Unmounting the tabs left makes each one load afresh, so it shows what the others just changed. */}
        <Tabs id="panel-tabs" selected={tab} onChange={(index) => {
            if (TABS[index] !== 'panel.tab.backlog') prefetch.drop();
            setTab(index);
          }} shouldUnmountTabPanelOnChange>
          <TabList>
            {TABS.map((name) => (
              <Tab key={name}>{t(name)}</Tab>
            ))}
          </TabList>
          <TabPanel>
            <TabBody pi>
              <BalanceTab projectKey={frame.projectKey ?? ''} piId={piId} canPlan={canPlan} accountId={frame.accountId ?? null} />
            </TabBody>
          </TabPanel>
          <TabPanel>
            <TabBody pi>
              <BacklogTab projectKey={frame.projectKey ?? ''} piId={piId} canPlan={canPlan} accountId={frame.accountId} prefetched={prefetch} />
            </TabBody>
          </TabPanel>
          <TabPanel>
            <TabBody pi>
              <RefinementTab piId={piId} canPlan={canPlan} />
            </TabBody>
          </TabPanel>
          <TabPanel>
            <TabBody pi>
              <FillTab projectKey={frame.projectKey ?? ''} piId={piId} canPlan={canPlan} />
            </TabBody>
          </TabPanel>
          <TabPanel>
            <TabBody>
              <HealthTab />
            </TabBody>
          </TabPanel>
        </Tabs>
      </BacklogLoader>
      </PiChoiceContext.Provider>
      </SetupHintContext.Provider>
    </main>
  );
}

/** Mounted inside the loader, so the prefetch is a cheap refresh after the first-open preload, not a full load. */
function StartPrefetch({ prefetch, piId }: { prefetch: BacklogPrefetch; piId: string | undefined }) {
  // Once, for the PI the panel opens on; a later choice loads the Backlog afresh.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => prefetch.start(piId), [prefetch]);
  return null;
}

function TabBody({ children, pi = false }: { children: ReactNode; pi?: boolean }) {
  const { t } = useT();
  return (
    <div style={{ width: '100%', paddingTop: token('space.100') }}>
      {pi ? <PiPicker /> : null}
      <Suspense fallback={<Loading label={t('panel.loading')} />}>{children}</Suspense>
    </div>
  );
}

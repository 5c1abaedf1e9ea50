import SectionMessage from '@atlaskit/section-message';
import type { FieldSyncDto } from '../../../src/contracts';
import { useT } from '../../shared/i18n';
import { Section } from '../../shared/ui';
import { messageText } from '../../shared/errorText';

/**
 * The app's WSJF and Readiness fields in Jira: that they exist and how to search them, when they were last
 * updated, or what keeps them from being written and who can fix it (a warning a PO can pass on to an admin).
 */
export function JiraFieldsSection({ sync }: { sync: FieldSyncDto }) {
  const { t, date } = useT();
  const detail = messageText(t, sync.detail ?? '', sync.detailI18n);
  const problem =
    sync.state === 'notCreated'
      ? t('settings.jiraFields.notCreated')
      : sync.state === 'forbidden'
        ? t('settings.jiraFields.forbidden', { detail })
        : sync.state === 'failed'
          ? t('settings.jiraFields.failed', { detail })
          : null;
  return (
    <Section id="jira-fields" title={t('settings.jiraFields.title')} description={t('settings.jiraFields.description')}>
      {problem ? (
        <SectionMessage appearance="warning">
          <p data-testid="jira-fields-problem">{problem}</p>
        </SectionMessage>
      ) : (
        <p data-testid="jira-fields-state">
          {sync.state === 'ok' && sync.at
            ? t('settings.jiraFields.ok', { when: date(sync.at, { withTime: true }), count: sync.written })
            : sync.state === 'noAppIdentity'
              ? t('settings.jiraFields.noAppIdentity')
              : t('settings.jiraFields.never')}
        </p>
      )}
    </Section>
  );
}

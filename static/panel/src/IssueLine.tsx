import Lozenge from '@atlaskit/lozenge';
import { token } from '@atlaskit/tokens';
import { IssueKeyLink } from '../../shared/IssueKeyLink';
import { useT } from '../../shared/i18n';

/** What the panel knows of an issue, to list it by more than its key. */
export interface IssueAbout {
  summary: string;
  workType: string;
  committed: boolean;
}

/** One issue in a preview: its key (opens it), summary and work type, and why it moves. */
export function IssueLine({ issueKey, about, why }: { issueKey: string; about: IssueAbout | undefined; why?: string }) {
  return (
    <span>
      <IssueKeyLink issueKey={issueKey} /> {about ? `${about.summary} · ${about.workType}` : ''}
      {why ? <> <span style={{ color: token('color.text.subtle') }}>(<span data-why>{why}</span>)</span></> : null}
    </span>
  );
}

/** A story committed at PI planning that a change drops from its place: the PO's eye is needed. */
export function CommittedCallout({ pi }: { pi?: string }) {
  const { t } = useT();
  return (
    <span style={{ marginLeft: token('space.050') }}>
      <Lozenge appearance="removed">{pi ? t('panel.committedTo', { pi }) : t('panel.committedToThePi')}</Lozenge>
    </span>
  );
}

import type { CSSProperties } from 'react';
import { router } from '@forge/bridge';
import { token } from '@atlaskit/tokens';

const linkStyle: CSSProperties = { color: token('color.link'), fontWeight: 600, textDecoration: 'none' };

/** An issue key that opens the issue in Jira (Forge's router: a new tab, as Jira's own issue links do). */
export function IssueKeyLink({ issueKey, style }: { issueKey: string; style?: CSSProperties }) {
  return (
    <a
      href={`/browse/${issueKey}`}
      style={{ ...linkStyle, ...style }}
      onClick={(event) => {
        event.preventDefault();
        void router.open({ target: 'issue', issueKey }).catch(() => undefined);
      }}
    >
      {issueKey}
    </a>
  );
}

import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';

/** A note in place of the gadget's content: nothing to show yet, and what to do about it. */
export function Notice({ testId, title, text }: { testId: string; title: string; text: string }) {
  return (
    <div style={{ padding: token('space.150') }} data-testid={testId}>
      <SectionMessage appearance="information" title={title}>
        <p style={{ margin: 0 }}>{text}</p>
      </SectionMessage>
    </div>
  );
}

import { Fragment, useState, type ReactElement } from 'react';
import { token } from '@atlaskit/tokens';
import type { Result } from '../../src/resolvers/definitions';
import { useLoad } from './useLoad';
import { ErrorMessage, Loading } from './ui';

/** What a versioned form needs from its page: reload on a stale save, and the saved confirmation. */
export interface VersionedFormProps {
  onReload: () => void;
  justSaved: boolean;
  onSaved: (version: number) => void;
}

/**
 * A settings-style page: who is asking and a versioned record, loaded together; the form remounts on each saved
 * version (so it starts from what was stored), while the "saved" confirmation lives here to survive that.
 */
export function VersionedFormPage<Me, Data extends { version: number }>({
  loadMe,
  loadData,
  loadingLabel,
  renderForm,
}: {
  loadMe: () => Promise<Result<Me>>;
  loadData: () => Promise<Result<Data>>;
  loadingLabel: string;
  renderForm: (me: Me, data: Data, form: VersionedFormProps) => ReactElement;
}) {
  const me = useLoad(loadMe, []);
  const loaded = useLoad(loadData, []);
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
  const failure = me.error ?? loaded.error;
  if (failure) {
    return (
      <div style={{ padding: token('space.300') }}>
        <ErrorMessage
          error={failure}
          onRetry={() => {
            me.reload();
            loaded.reload();
          }}
        />
      </div>
    );
  }
  if (!me.data || !loaded.data) return <Loading label={loadingLabel} />;
  const form: VersionedFormProps = {
    onReload: loaded.reload,
    justSaved: savedVersion === loaded.data.version,
    onSaved: (version) => {
      setSavedVersion(version);
      loaded.reload();
    },
  };
  return <Fragment key={loaded.data.version}>{renderForm(me.data, loaded.data, form)}</Fragment>;
}

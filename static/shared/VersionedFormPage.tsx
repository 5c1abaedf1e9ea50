import { Fragment, useState, type ReactElement } from 'react';
import { token } from '@atlaskit/tokens';
import type { AppError, I18nMessage, Result } from '../../src/contracts';
import { toAppError, unwrap } from './api';
import { useLoad } from './useLoad';
import { ErrorMessage, Loading, ReadOnlyBanner } from './ui';

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
export function VersionedFormPage<Me extends { readOnly: string | null; readOnlyI18n?: I18nMessage | null }, Data extends { version: number }>({
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
  return (
    <>
      {me.data.readOnly ? (
        <div style={{ padding: `${token('space.200')} ${token('space.300')} 0` }}>
          <ReadOnlyBanner reason={me.data.readOnly} i18n={me.data.readOnlyI18n} />
        </div>
      ) : null}
      <Fragment key={loaded.data.version}>{renderForm(me.data, loaded.data, form)}</Fragment>
    </>
  );
}

/** A versioned form's state: the edited value, and saving it against the version it was loaded at. */
export function useVersionedForm<T>(
  initial: T,
  form: VersionedFormProps,
  saveValue: (value: T) => Promise<Result<{ version: number }>>,
) {
  const [value, setValue] = useState<T>(initial);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(form.justSaved);
  const [error, setError] = useState<AppError | null>(null);
  const update = (patch: Partial<T>): void => {
    setValue((v) => ({ ...v, ...patch }));
    setSaved(false);
  };
  const save = async (): Promise<void> => {
    setSaving(true);
    setError(null);
    try {
      form.onSaved(unwrap(await saveValue(value)).version);
    } catch (failure) {
      setError(toAppError(failure));
    } finally {
      setSaving(false);
    }
  };
  return { value, update, saving, saved, error, save };
}

/** Under the save button: why the save failed (a stale one offers to reload), or that it was saved. */
export function SaveStatus({ error, saved, savedText, onReload }: { error: AppError | null; saved: boolean; savedText: string; onReload: () => void }) {
  return (
    <>
      {error ? <ErrorMessage error={error} onRetry={error.code === 'STALE' ? onReload : undefined} /> : null}
      {saved ? <span role="status" style={{ color: token('color.text.success') }}>{savedText}</span> : null}
    </>
  );
}

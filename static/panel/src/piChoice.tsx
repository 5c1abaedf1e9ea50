import { createContext, useContext, useEffect } from 'react';
import Select from '@atlaskit/select';
import { selectTexts } from '../../shared/selectText';
import { currentTranslator } from '../../shared/i18n';
import { token } from '@atlaskit/tokens';
import type { AppError, PiChoiceDto } from '../../../src/contracts';
import { useT } from '../../shared/i18n';

/**
 * The panel's one PI choice: every tab whose figures depend on a PI reads it, shows it in the same picker and
 * reports which PI its data is for (the default PI until the PO picks one).
 */
export interface PiChoice {
  /** undefined = the resolver's default PI (the one containing today, else the next). */
  piId: string | undefined;
  choose: (piId: string | undefined) => void;
  /** What the tab on screen last loaded: the PI it shows and the calendar's PIs. */
  shown: PiChoiceDto | null;
  setShown: (shown: PiChoiceDto | null) => void;
}

export const PiChoiceContext = createContext<PiChoice>({ piId: undefined, choose: () => undefined, shown: null, setShown: () => undefined });

/** A tab reports the PI its data is for; a remembered PI that no longer exists falls back to the default. */
export function useShownPi(shown: PiChoiceDto | undefined, error: AppError | null): void {
  const { setShown, choose, piId } = useContext(PiChoiceContext);
  const id = shown?.pi.id;
  useEffect(() => {
    if (shown) setShown(shown);
    // `shown` changes identity on every load; its PI and list are what matter.
  }, [id, shown?.pis.length, setShown]);
  useEffect(() => {
    if (error?.field === 'piId' && piId !== undefined) choose(undefined);
  }, [error, piId, choose]);
}

/** The picker above each PI-dependent tab: the same choice everywhere, so no tab silently follows another's. */
export function PiPicker() {
  const { t, date } = useT();
  const { shown, choose } = useContext(PiChoiceContext);
  // The PI's days in the user's date format ("1. Okt. 2026"), never as ISO days.
  const options = (shown?.pis ?? []).map((pi) => ({ value: pi.id, label: t('panel.piOption', { name: pi.name, start: date(pi.start), end: date(pi.end) }) }));
  return (
    <div data-testid="pi-picker" style={{ display: 'flex', alignItems: 'center', gap: token('space.100'), maxWidth: 440, marginBottom: token('space.150') }}>
      <label htmlFor="pi-picker" style={{ fontSize: 12, fontWeight: 600, color: token('color.text.subtle'), whiteSpace: 'nowrap' }}>
        {t('panel.programIncrement')}
      </label>
      <div style={{ flex: 1, minWidth: 240 }}>
        <Select {...selectTexts(currentTranslator())}
          inputId="pi-picker"
          options={options}
          value={options.find((o) => o.value === shown?.pi.id) ?? null}
          placeholder={t('panel.loading')}
          onChange={(option) => option && choose(option.value)}
          isSearchable={false}
          spacing="compact"
        />
      </div>
    </div>
  );
}

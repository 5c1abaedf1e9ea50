import { useEffect, useState, type Dispatch, type SetStateAction } from 'react';

/**
 * State that survives switching tabs and reloading the panel for the rest of the browser session (the PO's
 * unsaved adjustments), kept per `key`. Storage that is unavailable or full only loses the persistence.
 */
export function useSessionState<T>(key: string, initial: T): [T, Dispatch<SetStateAction<T>>] {
  return useStoredState('sessionStorage', key, initial);
}

/** State kept across visits in this browser (the tab and PI last used), per `key`. */
export function useLocalState<T>(key: string, initial: T): [T, Dispatch<SetStateAction<T>>] {
  return useStoredState('localStorage', key, initial);
}

function useStoredState<T>(area: 'sessionStorage' | 'localStorage', key: string, initial: T): [T, Dispatch<SetStateAction<T>>] {
  const [value, setValue] = useState<T>(() => read(area, key) ?? initial);
  const [shownKey, setShownKey] = useState(key);
  // A new key (another PI or project) starts from what was kept under it.
  if (shownKey !== key) {
    setShownKey(key);
    setValue(read<T>(area, key) ?? initial);
  }
  useEffect(() => {
    try {
      window[area].setItem(key, JSON.stringify(value));
    } catch {
      // Private mode or a full store: the value lives as long as the component.
    }
  }, [area, key, value]);
  return [value, setValue];
}

function read<T>(area: 'sessionStorage' | 'localStorage', key: string): T | undefined {
  try {
    const text = window[area].getItem(key);
    return text === null ? undefined : (JSON.parse(text) as T);
  } catch {
    return undefined;
  }
}

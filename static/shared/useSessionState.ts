import { useEffect, useState, type Dispatch, type SetStateAction } from 'react';

/**
 * State that survives switching tabs and reloading the panel for the rest of the browser session (the PO's
 * unsaved adjustments), kept per `key`. Storage that is unavailable or full only loses the persistence.
 */
export function useSessionState<T>(key: string, initial: T): [T, Dispatch<SetStateAction<T>>] {
  const [value, setValue] = useState<T>(() => read(key) ?? initial);
  const [shownKey, setShownKey] = useState(key);
  // A new key (another PI or project) starts from what was kept under it.
  if (shownKey !== key) {
    setShownKey(key);
    setValue(read<T>(key) ?? initial);
  }
  useEffect(() => {
    try {
      window.sessionStorage.setItem(key, JSON.stringify(value));
    } catch {
      // Private mode or a full store: the value lives as long as the component.
    }
  }, [key, value]);
  return [value, setValue];
}

function read<T>(key: string): T | undefined {
  try {
    const text = window.sessionStorage.getItem(key);
    return text === null ? undefined : (JSON.parse(text) as T);
  } catch {
    return undefined;
  }
}

import { view } from '@forge/bridge';

/** True when a design-token theme stylesheet applies to the page. */
function tokensApplied(): boolean {
  return getComputedStyle(document.documentElement).getPropertyValue('--ds-surface').trim() !== '';
}

function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

/**
 * Turns on Jira's theming (`view.theme.enable()`): the host marks <html> with the colour mode and supplies
 * the token themes. Should a host only mark the mode (or not answer), the app loads the matching token
 * theme from its own bundle, so light and dark always render with real token values.
 */
export async function enableTheme(): Promise<void> {
  try {
    await view.theme.enable();
  } catch {
    // An old host without theming: fall through to the app's own themes.
  }
  await nextFrame();
  if (tokensApplied()) return;
  let mode = document.documentElement.getAttribute('data-color-mode');
  if (mode !== 'light' && mode !== 'dark') {
    const context = await view.getContext().catch(() => null);
    const fromContext = (context as { theme?: { colorMode?: string } } | null)?.theme?.colorMode;
    mode = fromContext === 'dark' || fromContext === 'light' ? fromContext : window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }
  const { setGlobalTheme } = await import('@atlaskit/tokens/set-global-theme');
  await setGlobalTheme({ colorMode: mode === 'dark' ? 'dark' : 'light' });
}

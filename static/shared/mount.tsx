import '@atlaskit/css-reset';
import { StrictMode, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';
import { enableTheme } from './theme';
import { token } from '@atlaskit/tokens';
import { I18nProvider } from './i18n';

/** Turns on Jira's theme (light/dark tokens) and renders the app into #root in the user's language. */
export function mountApp(App: ComponentType): void {
  // Theming never blocks the first render: until a theme applies, tokens use their fallback values.
  void enableTheme();
  const root = document.getElementById('root');
  if (!root) throw new Error('#root missing from index.html');
  // Native controls (select, checkbox, date) follow the theme Jira applies to <html>.
  const scheme = document.createElement('style');
  scheme.textContent = 'html[data-color-mode="dark"] { color-scheme: dark; } html[data-color-mode="light"] { color-scheme: light; }';
  document.head.appendChild(scheme);
  document.body.style.background = token('elevation.surface');
  document.body.style.color = token('color.text');
  createRoot(root).render(
    <StrictMode>
      <I18nProvider>
        <App />
      </I18nProvider>
    </StrictMode>,
  );
}

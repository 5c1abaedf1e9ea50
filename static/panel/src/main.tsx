import { lazy, Suspense } from 'react';
import { dialogRequest } from '../../shared/dialog';
import { mountApp } from '../../shared/mount';
import { App } from './App';
import { isPanelDialogRequest } from './panelDialogs';

// A dialog opened as a Jira modal loads this same resource: its context names the dialog (and only then does
// the dialogs' code load).
const PanelDialogView = lazy(() => import('./PanelDialogView').then((m) => ({ default: m.PanelDialogView })));

void dialogRequest().then((request) => {
  if (!isPanelDialogRequest(request)) return mountApp(App);
  return mountApp(() => (
    <Suspense fallback={null}>
      <PanelDialogView request={request} />
    </Suspense>
  ));
});

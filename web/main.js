// The standalone page (index.html): one user of the component, like any <campaign-sim> element.
// The page chrome (header, footer) is in index.html; the app is createApp() in #app. The page
// starts from the state a downloaded file embeds or the state link in the address bar, else from
// the defaults (views/share.js), and keeps the address bar as the share link.
import { createApp } from './app.js';
import { defaultState } from './state.js';
import { isStateLink } from './link.js';
import { initialPageState } from './views/share.js';

const params = new URLSearchParams(location.search);
const start = await initialPageState(defaultState());
const app = createApp(document.getElementById('app'), { page: true, workers: params.get('workers'), initialState: start.state, share: start });

// A state link pasted into the address bar of the open page: the page starts again on it, as when
// it is opened (its notices, its reproduced/differs check). The page's own link updates use
// history.replaceState, which fires no hashchange.
window.addEventListener('hashchange', () => {
  if (isStateLink(location.hash)) location.reload();
});

// The top navigation scrolls to a section and records it as the open view: the fragment is the
// state link's, so plain anchors must not replace it.
document.querySelectorAll('.topnav a[href^="#"]').forEach((a) => a.addEventListener('click', (event) => {
  const id = a.getAttribute('href').slice(1);
  const target = document.getElementById(id);
  if (!target) return;
  event.preventDefault();
  target.scrollIntoView({ behavior: 'smooth', block: 'start' });
  app.store.update((s) => ({ ...s, ui: { ...s.ui, view: id } }));
}));
if (start.state.ui.view) app.shown.then(() => document.getElementById(start.state.ui.view)?.scrollIntoView({ block: 'start' }));

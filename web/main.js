// The standalone page (index.html): one user of the component, like any <campaign-sim> element.
// The page chrome (header, footer) is in index.html; the app is createApp() in #app.
import { createApp } from './app.js';

const params = new URLSearchParams(location.search);
createApp(document.getElementById('app'), { page: true, workers: params.get('workers') });

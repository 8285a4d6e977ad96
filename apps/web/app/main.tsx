/** The page's entry: the store from the URL, then the app. */
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { timing } from './hooks';
import { fromQuery, Store } from './store';
import './styles.css';

const store = new Store(fromQuery(location.search));
// read by the browser tests (scrub latency) and handy from the console
(window as unknown as { pymm: unknown }).pymm = { store, timing };
createRoot(document.getElementById('root')!).render(<App store={store} />);

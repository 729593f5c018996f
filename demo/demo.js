// The demo portal at `/`: the elements come from this server's /components.js, the API is this
// server, and the page signs in as the demo manager so a visitor sees real data at once.
import { createLodestoneClient } from '/components.js';
import { startPortal } from './portal.js';

startPortal(document.getElementById('portal'), {
  endpoint: location.origin,
  createLodestoneClient,
});

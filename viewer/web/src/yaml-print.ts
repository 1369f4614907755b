/**
 * The yaml printer the event detail shows an object with, on its own: the viewer's bundle
 * loads it as a separate file the first time an event is shown (viewer/build.ts builds it
 * beside app.js; event-detail.ts imports it dynamically), so its ~100 kB are not compiled
 * before the first frame. The html export's one file bundles it inline.
 */
export { stringify } from 'yaml';

import type { AnnotationModel, EventSummary, LogLineModel, RecordingSummary, StoryModel } from './model.js';
import type { ProxyModel } from './proxy-model.js';

/**
 * A recording as an html export carries it (core/export/html-bundle.ts writes it,
 * viewer/web/src/offline/ answers the viewer's requests from it): what the server would
 * compute from SQLite, either computed at export time (the story model, the lens's noise
 * runs, the actors, the hash check) or kept as rows the browser filters itself (events,
 * objects, logs). Sent as gzip'd JSON in base64 inside the page.
 */
export interface OfflineBundle {
  /** bumped when the shape changes; a page only reads its own version */
  version: 1;
  summary: RecordingSummary;
  model: StoryModel;
  /** every event without its object, index i is seq i + 1 (seqs are 1..n in a recording that verifies) */
  events: EventSummary[];
  /** each event's object as its recorded JSON text (depth-capped like the server's parseRecorded), same index */
  objects: string[];
  /** the story lens's noise as [first, last] seq runs (viewer/shared/noise.ts) */
  noise: Array<[number, number]>;
  /** the kube-proxy lane (GET .../proxy), null for a recording without traffic */
  proxy: ProxyModel | null;
  actors: string[];
  annotations: AnnotationModel[];
  /** container log lines with their pod: what GET .../logs filters per pod */
  logs: Array<LogLineModel & { namespace: string; pod: string; podUid: string }>;
  hasLogs: boolean;
}

/** The id of the `<script>` element holding the bundle (base64 of gzip of the JSON). */
export const OFFLINE_BUNDLE_ID = 'kubelapse-data';

/**
 * The viewer's server as the video export needs it: started on a folder, a URL, closed.
 * viewer/server/serve.ts registers its startViewer here when it loads (the CLI loads it for
 * video and gif exports; the server has it loaded for its Export menu). The export cannot
 * import it: the server lists the export formats
 * (routes/export.ts -> formats.ts -> video), so that import would close a cycle
 * serve -> app -> routes/export -> formats -> video -> serve (test/lint/import-cycles).
 */
export interface ViewerServer {
  url: string;
  close(): Promise<void>;
}

export type ViewerStarter = (opts: { dir: string; host: string; port: number }) => Promise<ViewerServer>;

let starter: ViewerStarter | undefined;

export function provideViewer(start: ViewerStarter): void {
  starter = start;
}

export function viewerStarter(): ViewerStarter {
  if (starter === undefined) throw new Error('video export: the viewer server is not loaded (import viewer/server/serve.js first)');
  return starter;
}

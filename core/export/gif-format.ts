import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ExportFormat } from './export-format.js';
import { runFfmpeg } from './video-encode.js';
import { describeVideo, renderVideo } from './video-render.js';

/**
 * `--format gif`: the same frames as the video (video-render.ts), as an animated GIF for
 * places that play no video (issue trackers, chat). A GIF has 256 colours: ffmpeg's
 * palettegen picks them from the whole video first (the viewer's few flat colours and its
 * text fit), then paletteuse maps each frame, redrawing only the rectangle that changed
 * (diff_mode=rectangle), which keeps a 720p GIF near the size of its frames' changes.
 * The frames wait in a lossless scratch file between the two passes.
 */
export const gifFormat: ExportFormat = {
  name: 'gif',
  extension: '.gif',
  description: 'animated GIF of the viewer playing the recording (as video, 256 colours)',
  async write(recording, outPath, options) {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelapse-gif-'));
    try {
      const frames = path.join(scratch, 'frames.mkv');
      const palette = path.join(scratch, 'palette.png');
      const video = await renderVideo(recording, frames, 'lossless', options);
      await runFfmpeg(['-i', frames, '-vf', 'palettegen=max_colors=256:stats_mode=full', palette]);
      await runFfmpeg(['-i', frames, '-i', palette, '-lavfi', '[0:v][1:v]paletteuse=dither=bayer:bayer_scale=5:diff_mode=rectangle', '-f', 'gif', outPath]);
      return { bytes: fs.statSync(outPath).size, detail: describeVideo(video) };
    } catch (err) {
      fs.rmSync(outPath, { force: true });
      throw err;
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  },
};

import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../cli/exit.js';
import type { ExportFormat } from './export-format.js';
import { describeVideo, renderVideo } from './video-render.js';

/**
 * `--format video`: the viewer playing the recording at 1280x720, chapter by chapter, as
 * H.264 MP4, or VP9 WebM when the output ends in .webm. Chapters go into the file's own
 * chapter list too (players show them; ffprobe -show_chapters lists them).
 */
export const videoFormat: ExportFormat = {
  name: 'video',
  extension: '.mp4',
  description: 'MP4 (or WebM by -o extension) of the viewer playing the recording, chapter cards and narration on screen',
  async write(recording, outPath, options) {
    const ext = path.extname(outPath).toLowerCase();
    if (ext !== '.mp4' && ext !== '.webm') throw new UsageError(`-o: a video is written as .mp4 or .webm, not ${ext || "a file without extension"}`);
    const video = await renderVideo(recording, outPath, ext === '.webm' ? 'webm' : 'mp4', options);
    return { bytes: fs.statSync(outPath).size, detail: describeVideo(video) };
  },
};

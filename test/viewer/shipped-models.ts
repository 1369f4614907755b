import fs from 'node:fs';
import path from 'node:path';
import { Recording } from '../../core/record/recording.js';
import { buildStoryModel } from '../../viewer/server/model/story-model.js';
import type { StoryModel } from '../../viewer/shared/model.js';
import { ROOT } from '../helpers.js';
import { recordingsDir } from './fixtures.js';

/** The shipped scenarios' names (recordings/*.yaml). */
export const SHIPPED = fs.readdirSync(path.join(ROOT, 'recordings')).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, ''));

let built: ReadonlyMap<string, StoryModel> | undefined;

/**
 * The story model of every shipped recording, built once per worker (test files share a
 * worker's modules: vitest.config.ts isolate false) and shared by the files that check
 * the views against counting the pods. Readers must not change them: take a
 * structuredClone before handing one to ModelIndex, which normalises it in place.
 */
export function shippedModels(): ReadonlyMap<string, StoryModel> {
  if (built !== undefined) return built;
  const dir = recordingsDir(SHIPPED);
  const models = new Map<string, StoryModel>();
  for (const n of SHIPPED) {
    const rec = Recording.open(path.join(dir, `${n}.db`), { readonly: true });
    models.set(n, buildStoryModel(rec, n));
    rec.close();
  }
  return (built = models);
}

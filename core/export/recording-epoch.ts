import type { Recording } from '../record/recording.js';
import { parseEpoch, type EpochMs } from '../sim/time.js';

/** What time_ms 0 stands for when meta.epoch is missing (the simulator's default epoch). */
const DEFAULT_EPOCH = '2026-01-01T00:00:00Z';

/** The recording's epoch (meta.epoch, RFC 3339), or the simulator's default for a file without one. */
export function recordingEpoch(recording: Recording): EpochMs {
  return parseEpoch(recording.meta().epoch ?? DEFAULT_EPOCH) ?? (parseEpoch(DEFAULT_EPOCH) as EpochMs);
}

import { CronParseError, parseStandard } from '../../cron/parser.js';
import { TimeZone, UnknownTimeZoneError } from '../../cron/time-zone.js';
import { invalidCause, requiredCause, unsupportedCause, type StatusCause } from '../status.js';
import type { KObject } from '../types.js';
import { validateJobSpec, type PodSpecValidator } from './job-spec-validation.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- validation walks open JSON */

const NEGATIVE = 'must be greater than or equal to 0';
/** IANA naming rules for one path component (0-9 and + tolerated for legacy names). */
const ZONE_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

/**
 * ValidateCronJobCreate / ValidateCronJobUpdate (v1.32): a schedule robfig/cron's
 * standard parser accepts (and no TZ= in it: the timeZone field says that), a time zone
 * Go can load, a known concurrency policy, a valid job template whose selector the Job's
 * creation will generate, non-negative limits. On create the name is at most 52
 * characters: the controller appends `-<minutes since 1970>` (11 characters) to name
 * each Job, and a Job's name must fit a 63-character label.
 */
export function validateCronJob(obj: KObject, old: Readonly<KObject> | undefined, causes: StatusCause[], validatePodSpec: PodSpecValidator): void {
  const spec = obj.spec ?? {};
  const oldSpec = old?.spec;
  if (old === undefined && (obj.metadata.name ?? '').length > 52) causes.push(invalidCause('metadata.name', obj.metadata.name, 'must be no more than 52 characters'));
  const schedule = spec.schedule;
  if (typeof schedule !== 'string' || schedule.length === 0) causes.push(requiredCause('spec.schedule'));
  else {
    try {
      parseStandard(schedule);
    } catch (e) {
      if (!(e instanceof CronParseError)) throw e;
      causes.push(invalidCause('spec.schedule', schedule, e.message));
    }
    const allowTZ = typeof oldSpec?.schedule === 'string' && oldSpec.schedule.includes('TZ');
    if (allowTZ && schedule.includes('TZ') && spec.timeZone !== undefined && spec.timeZone !== null) {
      causes.push(invalidCause('spec.schedule', schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
    } else if (!allowTZ && schedule.includes('TZ')) {
      causes.push(invalidCause('spec.schedule', schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
    }
  }
  if (typeof spec.startingDeadlineSeconds === 'number' && spec.startingDeadlineSeconds < 0) causes.push(invalidCause('spec.startingDeadlineSeconds', spec.startingDeadlineSeconds, NEGATIVE));
  if (oldSpec === undefined || oldSpec.timeZone !== spec.timeZone) validateTimeZone(spec.timeZone, causes);
  const policy = spec.concurrencyPolicy;
  if (policy === undefined || policy === '') causes.push(requiredCause('spec.concurrencyPolicy'));
  else if (!['Allow', 'Forbid', 'Replace'].includes(policy)) causes.push(unsupportedCause('spec.concurrencyPolicy', policy, ['Allow', 'Forbid', 'Replace']));
  const jobSpec = spec.jobTemplate?.spec ?? {};
  validateJobSpec(jobSpec, 'spec.jobTemplate.spec', causes, validatePodSpec);
  if (jobSpec.selector !== undefined && jobSpec.selector !== null) causes.push(invalidCause('spec.jobTemplate.spec.selector', JSON.stringify(jobSpec.selector), '`selector` will be auto-generated'));
  if (jobSpec.manualSelector === true) causes.push(unsupportedCause('spec.jobTemplate.spec.manualSelector', 'true', ['nil', 'false']));
  for (const f of ['successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) {
    if (typeof spec[f] === 'number' && spec[f] < 0) causes.push(invalidCause(`spec.${f}`, spec[f], NEGATIVE));
  }
}

function validateTimeZone(zone: unknown, causes: StatusCause[]): void {
  if (zone === undefined || zone === null) return;
  const z = String(zone);
  if (z.length === 0) {
    causes.push(invalidCause('spec.timeZone', z, 'timeZone must be nil or non-empty string'));
    return;
  }
  for (const part of z.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !ZONE_PART.test(part)) {
      causes.push(invalidCause('spec.timeZone', z, `unknown time zone ${z}`));
      return;
    }
  }
  if (z.toLowerCase() === 'local') {
    causes.push(invalidCause('spec.timeZone', z, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'));
  }
  if (z === 'Local') return; // Go loads "Local"; only the message above refuses it
  try {
    TimeZone.load(z);
  } catch (e) {
    if (!(e instanceof UnknownTimeZoneError)) throw e;
    causes.push(invalidCause('spec.timeZone', z, e.message));
  }
}

import { cronScheduleError, timeZoneError } from '../formats';
import { podSpecsOf } from '../manifest';
import { Problem, Rule } from '../rule';
import { entries, isInt, obj, problem, show } from './util';

// batch/v1: Job and CronJob (pkg/apis/batch/validation; schedules as
// robfig/cron v3's standard parser reads them, time zones as Go's
// time.LoadLocation does).

const MAX_INDEXED = 100000;

/** The Job spec of a Job or CronJob, with its field. */
function jobSpecOf(object: { kind: string; spec?: unknown }): { prefix: string; spec: Record<string, any> } | undefined {
  const spec = obj(object.spec);
  if (object.kind === 'Job') {
    return spec ? { prefix: 'spec', spec } : undefined;
  }
  if (object.kind === 'CronJob') {
    const job = obj(obj(spec?.jobTemplate)?.spec);
    return job ? { prefix: 'spec.jobTemplate.spec', spec: job } : undefined;
  }
  return undefined;
}

/** Rules of batch/v1. */
export const BATCH_RULES: Rule[] = [
  {
    id: 'job-restart-policy',
    severity: 'error',
    summary: "a Job's pods have restartPolicy Never or OnFailure",
    check: ({ object }) => (object.kind === 'Job' || object.kind === 'CronJob'
      ? podSpecsOf(object).flatMap((pod) => (['Never', 'OnFailure'].includes(pod.spec.restartPolicy)
        ? []
        : [problem(`${pod.path}.restartPolicy`, pod.spec.restartPolicy, `a Job's pods need restartPolicy Never or OnFailure, not ${JSON.stringify(pod.spec.restartPolicy ?? 'Always (the default)')}`, 'use JobRestartPolicy.NEVER or JobRestartPolicy.ON_FAILURE')]))
      : []),
  },
  {
    id: 'job-spec',
    severity: 'error',
    summary: 'Job completionMode is NonIndexed or Indexed (Indexed needs completions, at most 100000); a selector needs manualSelector, and a manual selector matches the template; podFailurePolicy needs restartPolicy Never; CronJob concurrencyPolicy is Allow, Forbid or Replace',
    check: ({ object }) => {
      const job = jobSpecOf(object);
      const problems: Problem[] = [];
      if (object.kind === 'CronJob') {
        const policy = obj(object.spec)?.concurrencyPolicy;
        if (policy !== undefined && !['Allow', 'Forbid', 'Replace'].includes(policy)) {
          problems.push(problem('spec.concurrencyPolicy', policy, `concurrencyPolicy ${show(policy)} is not Allow, Forbid or Replace`, 'use Allow (the default), Forbid or Replace'));
        }
      }
      if (!job) {
        return problems;
      }
      const { prefix, spec } = job;
      const mode = spec.completionMode;
      if (mode !== undefined && mode !== 'NonIndexed' && mode !== 'Indexed') {
        problems.push(problem(`${prefix}.completionMode`, mode, `completionMode ${show(mode)} is not NonIndexed or Indexed`, 'use NonIndexed (the default) or Indexed'));
      }
      if (mode === 'Indexed') {
        if (spec.completions === undefined || spec.completions === null) {
          problems.push(problem(`${prefix}.completions`, spec.completions, 'an Indexed Job needs completions (the number of indexes)', 'set completions'));
        } else if (isInt(spec.completions) && spec.completions > MAX_INDEXED) {
          problems.push(problem(`${prefix}.completions`, spec.completions, `an Indexed Job has at most ${MAX_INDEXED} completions`, `use at most ${MAX_INDEXED}`));
        }
        if (isInt(spec.parallelism) && spec.parallelism > MAX_INDEXED) {
          problems.push(problem(`${prefix}.parallelism`, spec.parallelism, `an Indexed Job has a parallelism of at most ${MAX_INDEXED}`, `use at most ${MAX_INDEXED}`));
        }
      }
      if (spec.selector !== undefined && spec.selector !== null && spec.manualSelector !== true) {
        problems.push(problem(`${prefix}.selector`, spec.selector, 'a Job\'s selector is generated; one set by hand needs manualSelector: true', 'remove the selector (the Job selects its own pods by controller-uid)'));
      } else if (spec.manualSelector === true) {
        // As the API server: a manual selector is required and must select the Job's own pods.
        const selector = obj(spec.selector);
        const labels = obj(spec.template?.metadata?.labels) ?? {};
        const missing = entries(selector?.matchLabels).find(([key, value]) => labels[key] !== value);
        if (!selector) {
          problems.push(problem(`${prefix}.selector`, spec.selector, 'manualSelector: true needs a selector', 'give the selector of the pods, or leave manualSelector out to have one generated'));
        } else if (missing) {
          problems.push(problem(`${prefix}.template.metadata.labels`, labels[missing[0]], `the pod template has no label ${missing[0]}=${missing[1]}, so the Job's manual selector does not match its own pods`, 'give the template the labels of the selector, or leave manualSelector out'));
        }
      }
      if (obj(spec.podFailurePolicy) && spec.template?.spec?.restartPolicy !== 'Never') {
        problems.push(problem(`${prefix}.podFailurePolicy`, spec.podFailurePolicy, 'a podFailurePolicy needs the pods\' restartPolicy Never', 'use JobRestartPolicy.NEVER'));
      }
      return problems;
    },
  },
  {
    id: 'cron-schedule',
    severity: 'error',
    summary: 'CronJob schedules have 5 fields (minute hour day-of-month month day-of-week) in range, steps of 1 or more, or a macro such as @daily; no TZ= inside',
    check: ({ object }) => {
      if (object.kind !== 'CronJob') {
        return [];
      }
      const schedule = obj(object.spec)?.schedule;
      const error = typeof schedule === 'string' ? cronScheduleError(schedule) : 'is missing';
      return error
        ? [problem('spec.schedule', schedule, `schedule ${show(schedule)} ${error}`, error.includes('TZ') ? 'move the time zone to spec.timeZone (the timeZone prop), such as "Europe/Berlin"' : 'write five fields such as "30 2 * * *" (02:30 every day), or a macro such as "@daily"; Cron.schedule builds one')]
        : [];
    },
  },
  {
    id: 'cron-time-zone',
    severity: 'error',
    summary: 'a CronJob timeZone is a name of the IANA time zone database as kube-apiserver 1.27 embeds it (Go\'s tzdata 2022g, and the posix/ and right/ forms), spelled exactly ("Europe/Berlin", "UTC", "Etc/GMT+5"; not "PST" or "europe/berlin")',
    check: ({ object }) => {
      const zone = object.kind === 'CronJob' ? obj(object.spec)?.timeZone : undefined;
      if (zone === undefined || zone === null) {
        return [];
      }
      const error = typeof zone === 'string' ? timeZoneError(zone) : 'is not a string';
      return error
        ? [problem('spec.timeZone', zone, `time zone ${show(zone)} ${error}`, 'use a name of the IANA database such as "Europe/Berlin", "America/New_York" or "UTC"')]
        : [];
    },
  },
];

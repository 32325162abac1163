import { BadInput, GoodInput } from '../harness';
import { cronJob, job, podSpec } from '../fixtures';

const schedule = (s: string, timeZone?: string) => cronJob({ schedule: s, ...(timeZone === undefined ? {} : { timeZone }) });

export const BAD: BadInput[] = [
  { name: 'fails when a Job restartPolicy is Always', rule: 'job-restart-policy', objects: [job({}, { restartPolicy: 'Always' })], message: /^a Job's pods need restartPolicy Never or OnFailure, not "Always"$/ },
  { name: 'fails when a completionMode is "indexed"', rule: 'job-spec', objects: [job({ completionMode: 'indexed' })], message: /^completionMode "indexed" is not NonIndexed or Indexed$/ },
  { name: 'fails when an Indexed Job has no completions', rule: 'job-spec', objects: [job({ completionMode: 'Indexed' })], field: 'spec.completions', message: /^an Indexed Job needs completions/ },
  { name: 'fails when a manual selector does not match the template', rule: 'job-spec', objects: [job({ manualSelector: true, selector: { matchLabels: { job: 'migrate' } } })], field: 'spec.template.metadata.labels', message: /^the pod template has no label job=migrate, so the Job's manual selector does not match its own pods$/ },
  { name: 'fails when manualSelector is true without a selector', rule: 'job-spec', objects: [job({ manualSelector: true })], field: 'spec.selector', message: /^manualSelector: true needs a selector$/ },
  { name: 'fails when a Job selector has no manualSelector', rule: 'job-spec', objects: [job({ selector: { matchLabels: { job: 'migrate' } } })], message: /needs manualSelector: true/ },
  { name: 'fails when a podFailurePolicy goes with restartPolicy OnFailure', rule: 'job-spec', objects: [job({ podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] } }, { restartPolicy: 'OnFailure' })], message: /needs the pods' restartPolicy Never/ },
  { name: 'fails when a concurrencyPolicy is "Skip"', rule: 'job-spec', objects: [cronJob({ concurrencyPolicy: 'Skip' })], field: 'spec.concurrencyPolicy', message: /^concurrencyPolicy "Skip" is not Allow, Forbid or Replace$/ },
  { name: 'fails when a schedule minute is 61', rule: 'cron-schedule', objects: [schedule('61 * * * *')], field: 'spec.schedule', message: /^schedule "61 \* \* \* \*" minute field "61": 61 is above the maximum 59 \(0-59\)$/ },
  { name: 'fails when a schedule step is 0', rule: 'cron-schedule', objects: [schedule('*/0 * * * *')], message: /minute field "\*\/0": a step of 0 never fires/ },
  { name: 'fails when a schedule has four fields', rule: 'cron-schedule', objects: [schedule('0 2 * *')], message: /^schedule "0 2 \* \*" has 4 fields; a schedule has 5/ },
  { name: 'fails when a schedule has six fields (seconds)', rule: 'cron-schedule', objects: [schedule('0 0 2 * * *')], message: /has 6 fields/ },
  { name: 'fails when a schedule has a TZ= prefix', rule: 'cron-schedule', objects: [schedule('TZ=Europe/Berlin 0 2 * * *')], message: /sets a time zone with TZ= or CRON_TZ=/ },
  { name: 'fails when a schedule range runs backwards', rule: 'cron-schedule', objects: [schedule('0 20-8 * * *')], message: /hour field "20-8": the range starts at 20, after its end 8$/ },
  { name: 'fails when a day of month is 0', rule: 'cron-schedule', objects: [schedule('0 2 0 * *')], message: /day of month field "0": 0 is below the minimum 1$/ },
  { name: 'fails when a day of week is 7', rule: 'cron-schedule', objects: [schedule('0 2 * * 7')], message: /day of week field "7": 7 is above the maximum 6/ },
  { name: 'fails when a month name is "Janvier"', rule: 'cron-schedule', objects: [schedule('0 2 1 Janvier *')], message: /month field "Janvier": "Janvier" is not a number or a name$/ },
  { name: 'fails when a macro is "@fortnightly"', rule: 'cron-schedule', objects: [schedule('@fortnightly')], message: /is not one of @yearly/ },
  { name: 'fails when a schedule is empty', rule: 'cron-schedule', objects: [schedule('')], message: /^schedule "" is empty$/ },
  { name: 'fails when a time zone is Mars/Olympus_Mons', rule: 'cron-time-zone', objects: [schedule('0 2 * * *', 'Mars/Olympus_Mons')], field: 'spec.timeZone', message: /^time zone "Mars\/Olympus_Mons" is not a time zone of the IANA database/ },
  { name: 'fails when a time zone is Local', rule: 'cron-time-zone', objects: [schedule('0 2 * * *', 'Local')], message: /is "Local", which depends on the node/ },
  { name: 'fails when a time zone is spelled in lower case', rule: 'cron-time-zone', objects: [schedule('0 2 * * *', 'europe/berlin')], message: /is not spelled as the IANA database spells it \("Europe\/Berlin"\); the API server's lookup is case-sensitive$/ },
  // Names the JavaScript runtime's ICU takes and Go's time.LoadLocation does not: kube-apiserver answers "unknown time zone PST".
  ...['PST', 'IST', 'JST', 'AET', 'CST', 'SystemV/AST4', 'US/Pacific-New'].map((zone): BadInput => ({
    name: `fails when a time zone is ${zone} (known to ICU, not to Go's tzdata)`, rule: 'cron-time-zone', objects: [schedule('0 2 * * *', zone)], field: 'spec.timeZone', message: /is not a time zone of the IANA database as Kubernetes 1.27 knows it/,
  })),
  // validTimeZoneCharacters: each part 1-14 of [A-Za-z.-_0-9+], not "." or "..", not starting with "-".
  ...['', 'Europe//Berlin', '/Europe/Berlin', 'Europe/Berlin/', '../etc/passwd', 'Europe/./Berlin', 'Europe/-Berlin', 'America/Argentina/ComodRivadavia2', 'Europe/Berlin ', 'Etc/GMT+5:30', 'Europe/Zürich', 'Canada/East-Saskatchewan'].map((zone): BadInput => ({
    name: `fails when a time zone is ${JSON.stringify(zone)}`, rule: 'cron-time-zone', objects: [schedule('0 2 * * *', zone)], field: 'spec.timeZone', message: zone === '' ? /^time zone "" is empty/ : /is no time zone name: each part between slashes is 1 to 14 characters/,
  })),
  { name: 'fails when a time zone is posix/ of no zone', rule: 'cron-time-zone', objects: [schedule('0 2 * * *', 'posix/Mars/Olympus_Mons')], message: /is not a time zone of the IANA database/ },
  { name: 'fails when a time zone is "LOCAL" (any case)', rule: 'cron-time-zone', objects: [schedule('0 2 * * *', 'LOCAL')], message: /is "Local", which depends on the node/ },
  { name: 'fails when a time zone is tzdata 2025b\'s America/Coyhaique (after the 2022g that Kubernetes 1.27 embeds)', rule: 'cron-time-zone', objects: [schedule('0 2 * * *', 'America/Coyhaique')], message: /tzdata 2022g/ },
];

export const GOOD: GoodInput[] = [
  { name: 'macros @daily, @hourly, @every 1h30m', objects: ['@daily', '@hourly', '@every 1h30m', '@annually'].map((s, i) => ({ ...schedule(s), metadata: { name: `c${i}`, namespace: 'shop' } })) },
  // Go's ParseDuration: microseconds as us, the micro sign (U+00B5) or the Greek mu (U+03BC).
  { name: '@every with every microsecond spelling', objects: ['@every 500us', '@every 500\u00b5s', '@every 500\u03bcs', '@every 1.5h2m'].map((s, i) => ({ ...schedule(s), metadata: { name: `c${i}`, namespace: 'shop' } })) },
  { name: 'ranges, lists, steps, names and "?"', objects: ['*/15 0-23/2 1,15 JAN-jun mon-FRI', '0 0 ? * SUN', '5/10 * * * *', '59 23 31 12 6'].map((s, i) => ({ ...schedule(s), metadata: { name: `c${i}`, namespace: 'shop' } })) },
  // Every spelling Go's embedded tzdata 2022g has, including links, legacy names and the longest part (14 characters).
  { name: 'IANA time zones, aliases, links and UTC', objects: ['Europe/Berlin', 'UTC', 'Etc/GMT+5', 'America/Argentina/Buenos_Aires', 'Asia/Calcutta', 'Asia/Kolkata', 'Europe/Kyiv', 'Europe/Kiev', 'America/Ciudad_Juarez', 'US/Pacific', 'EST', 'PST8PDT', 'GMT+0', 'Etc/GMT-14', 'Factory', 'America/Argentina/ComodRivadavia', 'America/Port-au-Prince', 'posix/Europe/Berlin', 'right/UTC'].map((z, i) => ({ ...schedule('0 2 * * *', z), metadata: { name: `c${i}`, namespace: 'shop' } })) },
  { name: 'an Indexed Job with completions and a manual selector of its template', objects: [job({ completionMode: 'Indexed', completions: 10, parallelism: 3, manualSelector: true, selector: { matchLabels: { job: 'migrate' } }, template: { metadata: { labels: { job: 'migrate' } }, spec: podSpec({ restartPolicy: 'Never' }) } })] },
  { name: 'a CronJob with every concurrencyPolicy field', objects: [cronJob({ concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 0, successfulJobsHistoryLimit: 0, failedJobsHistoryLimit: 1, suspend: true })] },
];

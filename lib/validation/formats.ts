// The formats the API server checks, as Kubernetes' own validation
// (k8s.io/apimachinery/pkg/util/validation) defines them.
import { GO_TZDATA_ZONES } from '../../imports/time-zones';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const PORT_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const QUANTITY = /^\+?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+|Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** Why `name` is not a DNS-1123 label (63 characters), or `undefined`. */
export function dns1123LabelError(name: string): string | undefined {
  if (name.length > 63) {
    return `is ${name.length} characters long; at most 63 are allowed`;
  }
  return DNS1123_LABEL.test(name) ? undefined : 'must be lower-case letters, digits and "-", starting and ending with a letter or digit';
}

/** Why `name` is not a DNS-1123 subdomain (253 characters), or `undefined`. */
export function dns1123SubdomainError(name: string): string | undefined {
  if (name.length > 253) {
    return `is ${name.length} characters long; at most 253 are allowed`;
  }
  return DNS1123_SUBDOMAIN.test(name)
    ? undefined
    : 'must be lower-case letters, digits, "-" and ".", starting and ending with a letter or digit';
}

/** Why `name` is not a DNS-1035 label (63 characters, starts with a letter), or `undefined`. */
export function dns1035LabelError(name: string): string | undefined {
  if (name.length > 63) {
    return `is ${name.length} characters long; at most 63 are allowed`;
  }
  return DNS1035_LABEL.test(name)
    ? undefined
    : 'must be lower-case letters, digits and "-", starting with a letter and ending with a letter or digit';
}

/** Why `key` is not a label key (`[prefix/]name`), or `undefined`. */
export function labelKeyError(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined) {
    const prefixError = prefix === '' ? 'is empty' : dns1123SubdomainError(prefix);
    if (prefixError) {
      return `prefix "${prefix}" ${prefixError}`;
    }
  }
  if (name.length === 0 || name.length > 63) {
    return `name part "${name}" must be 1 to 63 characters`;
  }
  return LABEL_NAME.test(name)
    ? undefined
    : `name part "${name}" must be letters, digits, "-", "_" and ".", starting and ending with a letter or digit`;
}

/** Why `value` is not a label value, or `undefined`. */
export function labelValueError(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    return `must be a string, not ${typeof value}`;
  }
  if (value.length > 63) {
    return `is ${value.length} characters long; at most 63 are allowed`;
  }
  return LABEL_VALUE.test(value)
    ? undefined
    : 'must be empty or letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
}

/** Why `name` is not a port name (IANA service name), or `undefined`. */
export function portNameError(name: string): string | undefined {
  if (name.length === 0 || name.length > 15) {
    return `is ${name.length} characters long; 1 to 15 are allowed`;
  }
  if (!PORT_NAME.test(name) || name.includes('--')) {
    return 'must be lower-case letters, digits and single "-", starting and ending with a letter or digit';
  }
  return /[a-z]/.test(name) ? undefined : 'must contain at least one letter';
}

/** Whether `name` is a valid environment variable name. */
export function isEnvName(name: string): boolean {
  return ENV_NAME.test(name);
}

/** Whether `host` looks like an IPv4 or IPv6 address. */
export function isIpAddress(host: string): boolean {
  return IPV4.test(host) || host.includes(':');
}

/**
 * The value of a Kubernetes quantity (`500m`, `2Gi`, `1e3`), or `undefined`
 * when it is not one. Negative quantities are refused.
 */
export function parseQuantity(quantity: unknown): number | undefined {
  if (typeof quantity === 'number') {
    return Number.isFinite(quantity) && quantity >= 0 ? quantity : undefined;
  }
  if (typeof quantity !== 'string') {
    return undefined;
  }
  const match = QUANTITY.exec(quantity);
  if (!match) {
    return undefined;
  }
  const number = Number(match[1]);
  const suffix = match[3] ?? '';
  if (/^[eE]/.test(suffix)) {
    return number * 10 ** Number(suffix.slice(1));
  }
  return number * (SUFFIXES[suffix] ?? 1);
}

const SUFFIXES: Record<string, number> = {
  'n': 1e-9, 'u': 1e-6, 'm': 1e-3, '': 1, 'k': 1e3, 'M': 1e6, 'G': 1e9, 'T': 1e12, 'P': 1e15, 'E': 1e18,
  'Ki': 2 ** 10, 'Mi': 2 ** 20, 'Gi': 2 ** 30, 'Ti': 2 ** 40, 'Pi': 2 ** 50, 'Ei': 2 ** 60,
};

// ---------------------------------------------------------------------------
// Names that are not DNS names

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const C_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Why `name` is not a valid path segment name (RBAC object names: no "/", "%", not "." or ".."), or `undefined`. */
export function pathSegmentNameError(name: string): string | undefined {
  if (name === '.' || name === '..') {
    return `may not be "${name}"`;
  }
  if (name.includes('/') || name.includes('%')) {
    return `may not contain "${name.includes('/') ? '/' : '%'}"`;
  }
  return undefined;
}

/**
 * Why `key` is not a qualified name (`[prefix/]name`, annotation and label
 * keys, topology keys), or `undefined`. Unlike `labelKeyError` it says what
 * is wrong with a key with two slashes or a space.
 */
export function qualifiedNameError(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) {
    return 'has more than one "/"; a key is an optional DNS-subdomain prefix, one "/" and a name';
  }
  if (/\s/.test(key)) {
    return 'contains whitespace';
  }
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (prefix !== undefined) {
    if (prefix === '') {
      return 'has an empty prefix before "/"';
    }
    const error = dns1123SubdomainError(prefix);
    if (error) {
      return `prefix "${prefix}" ${error}`;
    }
  }
  if (name.length === 0) {
    return 'has an empty name part';
  }
  if (name.length > 63) {
    return `name part is ${name.length} characters long; at most 63 are allowed`;
  }
  return QUALIFIED_NAME.test(name)
    ? undefined
    : `name part "${name}" must be letters, digits, "-", "_" and ".", starting and ending with a letter or digit`;
}

/** Why `key` is not a ConfigMap or Secret key, or `undefined`. */
export function configKeyError(key: string): string | undefined {
  if (key.length === 0 || key.length > 253) {
    return `is ${key.length} characters long; 1 to 253 are allowed`;
  }
  if (!CONFIG_KEY.test(key)) {
    return 'must be letters, digits, "-", "_" and "."';
  }
  if (key === '.' || key === '..' || key.startsWith('..')) {
    return 'may not be "." or "..", or start with ".."';
  }
  return undefined;
}

/** Whether `name` is a C identifier (envFrom prefixes and keys must make valid variable names; warnings only). */
export function isCIdentifier(name: string): boolean {
  return C_IDENTIFIER.test(name);
}

// ---------------------------------------------------------------------------
// IP addresses and CIDRs

const IPV4_STRICT = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The 4 bytes of an IPv4 address (leading zeros accepted, as Kubernetes' ParseIPSloppy does), or `undefined`. */
export function parseIPv4(ip: string): number[] | undefined {
  const match = IPV4_STRICT.exec(ip);
  if (!match) {
    return undefined;
  }
  const bytes = match.slice(1).map(Number);
  return bytes.every((b) => b <= 255) ? bytes : undefined;
}

/** The 16 bytes of an IPv6 address (embedded IPv4 accepted), or `undefined`. */
export function parseIPv6(ip: string): number[] | undefined {
  if (!ip.includes(':') || ip.includes('%') || /[^0-9a-fA-F:.]/.test(ip)) {
    return undefined;
  }
  let text = ip;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    // An embedded IPv4 address (::ffff:10.0.0.1) stands for the last two groups.
    const v4 = parseIPv4(text.slice(lastColon + 1));
    if (!v4) {
      return undefined;
    }
    text = `${text.slice(0, lastColon + 1)}${((v4[0] << 8) | v4[1]).toString(16)}:${((v4[2] << 8) | v4[3]).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) {
    return undefined;
  }
  const parse = (part: string): number[] | undefined => {
    if (part === '') {
      return [];
    }
    const groups = part.split(':');
    if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) {
      return undefined;
    }
    return groups.map((g) => parseInt(g, 16));
  };
  const head = parse(halves[0]);
  const rest = halves.length === 2 ? parse(halves[1]) : [];
  if (!head || !rest) {
    return undefined;
  }
  const total = head.length + rest.length;
  let words: number[];
  if (halves.length === 2) {
    if (total > 7) {
      return undefined;
    }
    words = [...head, ...new Array(8 - total).fill(0), ...rest];
  } else {
    if (total !== 8) {
      return undefined;
    }
    words = head;
  }
  return words.flatMap((w) => [w >> 8, w & 0xff]);
}

/** The bytes of an IPv4 or IPv6 address, or `undefined`. */
export function parseIp(ip: string): number[] | undefined {
  return parseIPv4(ip) ?? parseIPv6(ip);
}

/** Why `ip` is not an IP address, or `undefined`. */
export function ipError(ip: unknown): string | undefined {
  if (typeof ip !== 'string') {
    return 'must be a string';
  }
  if (/^\d+(\.\d+){3}$/.test(ip)) {
    return parseIPv4(ip) ? undefined : 'is not an IPv4 address: each of the four numbers must be from 0 to 255';
  }
  return parseIp(ip) ? undefined : 'is not an IPv4 or IPv6 address';
}

/** A parsed CIDR: address bytes and prefix length. */
export interface Cidr {
  readonly bytes: number[];
  readonly prefix: number;
}

/** The CIDR `a.b.c.d/n` or `x::/n`, or a reason it is not one. */
export function parseCidr(cidr: unknown): Cidr | string {
  if (typeof cidr !== 'string') {
    return 'must be a string';
  }
  const slash = cidr.indexOf('/');
  if (slash < 0) {
    return 'has no "/prefix" length';
  }
  const bytes = parseIp(cidr.slice(0, slash));
  if (!bytes) {
    return `address "${cidr.slice(0, slash)}" is not an IPv4 or IPv6 address`;
  }
  const bits = bytes.length * 8;
  const prefixText = cidr.slice(slash + 1);
  const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= bits)) {
    return `prefix length "/${prefixText}" is not from 0 to ${bits}`;
  }
  return { bytes, prefix };
}

/** Whether every address of `inner` is in `outer` (same family). */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  if (outer.bytes.length !== inner.bytes.length || inner.prefix < outer.prefix) {
    return false;
  }
  for (let bit = 0; bit < outer.prefix; bit++) {
    const mask = 0x80 >> (bit % 8);
    if ((outer.bytes[bit >> 3] & mask) !== (inner.bytes[bit >> 3] & mask)) {
      return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------
// Int-or-percent values

/** An int-or-string field: an integer, or a percentage from its string. */
export type IntOrPercent = { readonly int: number } | { readonly percent: number };

/** Parse an int-or-percent (`2`, `"25%"`), or a reason it is not one. */
export function parseIntOrPercent(value: unknown): IntOrPercent | string {
  if (typeof value === 'number') {
    return Number.isInteger(value) ? { int: value } : 'must be a whole number or a percentage';
  }
  if (typeof value === 'string') {
    const match = /^(-?\d+)%$/.exec(value);
    return match ? { percent: Number(match[1]) } : `"${value}" must be a whole number or a percentage such as "25%"`;
  }
  return 'must be a whole number or a percentage';
}

// ---------------------------------------------------------------------------
// Image references (the grammar of github.com/distribution/reference)

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const IMAGE_REFERENCE = new RegExp(
  `^((?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::([\\w][\\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?$`,
);
const IMAGE_UPPER_PATH = new RegExp(`^((?:${DOMAIN}/)?)[^:@]*[A-Z]`);

/** Why `image` is not a valid image reference, or `undefined`. */
export function imageReferenceError(image: string): string | undefined {
  if (/\s/.test(image)) {
    return 'contains whitespace';
  }
  const match = IMAGE_REFERENCE.exec(image);
  if (match) {
    return match[1].length > 255 ? `repository name is ${match[1].length} characters long; at most 255 are allowed` : undefined;
  }
  const path = image.includes('/') ? image.slice(image.indexOf('/') + 1) : image;
  if (IMAGE_UPPER_PATH.test(image) && /[A-Z]/.test(path.split(/[:@]/)[0])) {
    return 'has upper-case letters in the repository path; it must be lower case';
  }
  const at = image.indexOf('@');
  if (at >= 0 && !/^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/.test(image.slice(at + 1))) {
    return `digest "${image.slice(at + 1)}" is not "algorithm:hex" (such as "sha256:" and 64 hex digits)`;
  }
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  if (colon >= 0) {
    const tag = image.slice(colon + 1, at >= 0 ? at : undefined);
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) {
      return `tag "${tag}" must be 1 to 128 letters, digits, "_", "." and "-", not starting with "." or "-"`;
    }
  }
  return 'is not a valid image reference ([registry[:port]/]repository[:tag][@digest], lower-case repository)';
}

// ---------------------------------------------------------------------------
// Cron schedules (github.com/robfig/cron/v3's standard parser, as the CronJob controller uses it)

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: Record<string, number>;
}

const CRON_FIELDS: CronField[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  {
    name: 'month', min: 1, max: 12,
    names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 },
  },
  { name: 'day of week', min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } },
];
const CRON_MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
// Go's time.ParseDuration units; microseconds also as "\u00b5s" (micro sign) and "\u03bcs" (Greek mu), both
// escaped so that the bundle stays ASCII (a non-ASCII byte makes V8 hold the whole file as UTF-16).
const GO_DURATION = /^([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h))*$/;

/** Why `schedule` is not a cron schedule the CronJob controller can parse, or `undefined`. */
export function cronScheduleError(schedule: string): string | undefined {
  if (schedule.includes('TZ')) {
    return 'sets a time zone with TZ= or CRON_TZ=, which Kubernetes does not support in the schedule';
  }
  const fields = schedule.trim().split(/\s+/).filter((f) => f !== '');
  if (fields.length === 0) {
    return 'is empty';
  }
  if (fields[0].startsWith('@')) {
    if (fields[0] === '@every') {
      return fields.length === 2 && GO_DURATION.test(fields[1]) ? undefined : '"@every" needs one duration such as "1h30m"';
    }
    if (fields.length !== 1 || !CRON_MACROS.has(fields[0])) {
      return `"${schedule}" is not one of ${[...CRON_MACROS].join(', ')} or "@every <duration>"`;
    }
    return undefined;
  }
  if (fields.length !== 5) {
    return `has ${fields.length} fields; a schedule has 5 (minute hour day-of-month month day-of-week) or is a macro such as @daily`;
  }
  for (let i = 0; i < 5; i++) {
    const error = cronFieldError(fields[i], CRON_FIELDS[i]);
    if (error) {
      return `${CRON_FIELDS[i].name} field "${fields[i]}": ${error}`;
    }
  }
  return undefined;
}

function cronFieldError(text: string, field: CronField): string | undefined {
  for (const part of text.split(',')) {
    const error = cronRangeError(part, field);
    if (error) {
      return error;
    }
  }
  return undefined;
}

function cronRangeError(part: string, field: CronField): string | undefined {
  const [range, step, ...extraSlash] = part.split('/');
  if (extraSlash.length) {
    return `"${part}" has more than one "/"`;
  }
  const bounds = range.split('-');
  if (bounds.length > 2) {
    return `"${part}" has more than one "-"`;
  }
  let start: number;
  let end: number;
  if (range === '*' || range === '?') {
    start = field.min;
    end = field.max;
  } else {
    const values: number[] = [];
    for (const bound of bounds) {
      const value = cronValue(bound, field);
      if (value === undefined) {
        return `"${bound}" is not a number${field.names ? ' or a name' : ''}`;
      }
      values.push(value);
    }
    start = values[0];
    end = values.length === 2 ? values[1] : step !== undefined ? field.max : start;
  }
  if (step !== undefined) {
    if (!/^\d+$/.test(step)) {
      return `step "${step}" is not a number`;
    }
    if (Number(step) === 0) {
      return 'a step of 0 never fires; the step must be 1 or more';
    }
  }
  if (start < field.min) {
    return `${start} is below the minimum ${field.min}`;
  }
  if (end > field.max) {
    return `${end} is above the maximum ${field.max} (${field.min}-${field.max})`;
  }
  if (start > end) {
    return `the range starts at ${start}, after its end ${end}`;
  }
  return undefined;
}

function cronValue(text: string, field: CronField): number | undefined {
  const named = field.names?.[text.toLowerCase()];
  if (named !== undefined) {
    return named;
  }
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

// A part of a zone name between slashes, as kube-apiserver checks it before
// loading the zone (validTimeZoneCharacters in pkg/apis/batch/validation).
const TIME_ZONE_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

let zonesByLowerCase: Map<string, string> | undefined;

/**
 * Why `zone` is not a time zone kube-apiserver 1.27 accepts as a CronJob's
 * spec.timeZone, or `undefined`. It rejects "" and "Local" (in any case),
 * then loads the zone with Go's time.LoadLocation from the tzdata compiled
 * into the binary: the names of imports/time-zones.ts, spelled exactly so
 * (and their posix/ and right/ forms, which a system database has).
 * Not the JavaScript runtime's ICU, which also takes names the API server
 * rejects ("PST", "IST", "JST": Java's three-letter IDs) and any spelling
 * ("europe/berlin").
 */
export function timeZoneError(zone: string): string | undefined {
  if (zone === '') {
    return 'is empty; leave timeZone out for the time zone of kube-controller-manager, or name one';
  }
  if (zone.split('/').some((part) => part === '.' || part === '..' || part.startsWith('-') || !TIME_ZONE_PART.test(part))) {
    return 'is no time zone name: each part between slashes is 1 to 14 characters of A-Z, a-z, 0-9, ".", "-", "_" and "+", neither "." nor ".." and not starting with "-"';
  }
  if (zone.toLowerCase() === 'local') {
    return 'is "Local", which depends on the node; name an explicit IANA time zone';
  }
  // The posix/ and right/ copies of every zone are in the system database
  // Go's LoadLocation reads first (Debian's tzdata, in the API server's
  // distroless image): the same zone, taken there.
  if (GO_TZDATA_ZONES.has(zone.replace(/^(posix|right)\//, ''))) {
    return undefined;
  }
  zonesByLowerCase ??= new Map([...GO_TZDATA_ZONES].map((name) => [name.toLowerCase(), name]));
  const spelled = zonesByLowerCase.get(zone.toLowerCase());
  return spelled
    ? `is not spelled as the IANA database spells it ("${spelled}"); the API server's lookup is case-sensitive`
    : 'is not a time zone of the IANA database as Kubernetes 1.27 knows it (tzdata 2022g), such as "Europe/Berlin", "America/New_York" or "UTC"';
}

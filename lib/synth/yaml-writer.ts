/**
 * A YAML writer for Kubernetes objects: plain maps, lists, strings, finite
 * numbers and booleans, nothing else.
 *
 * It writes what `yaml`'s `stringify(object, { lineWidth: 0, version: '1.1' })`
 * writes, byte for byte (block maps, lists indented under their key, `|` block
 * scalars for multi-line strings, the same quote choice), several times faster,
 * EXCEPT where that output is read back as something else by one of the
 * readers a manifest meets. Those documented differences:
 *
 * 1. Quoted: plain scalars that a reader other than `yaml` 1.1 takes for a
 *    non-string (`retypedBy` below):
 *    - go-yaml v2 (sigs.k8s.io/yaml, i.e. kubectl and the API server): Go
 *      integer literals `0o17`, `0O17`, `0X1F`, `0B101`, signed (`-0o17`,
 *      `+0o17`) and with `_` anywhere (`0o1_7`, `1e_3`, `-_1`: go-yaml drops
 *      every `_` before it parses a number); Go timestamps; `<<` (a merge
 *      key: go-yaml refuses `<<: value`).
 *    - `yaml` in YAML 1.2 mode: `0o17`.
 *    - js-yaml (default schema): nothing beyond the above.
 *    - `=`: the YAML 1.1 "value" type, which PyYAML resolves and then cannot
 *      construct.
 * 2. Escaped (double-quoted): characters that `yaml` writes raw although some
 *    reader does not read them back as written: U+0085 (a line break in YAML
 *    1.1: go-yaml reads a space), U+2028 and U+2029 (line breaks in YAML 1.1:
 *    go-yaml fails on the file), U+007F to U+009F (go-yaml refuses the file:
 *    "control characters are not allowed"), U+FEFF (a byte order mark,
 *    invisible, stripped by some editors and tools), U+FFFE and U+FFFF (not
 *    allowed in a YAML stream).
 * 3. Double-quoted instead of a `|` block: a multi-line string whose first
 *    line (after empty ones) starts with a tab, as go-yaml refuses that block
 *    ("found a tab character where an indentation space is expected"); a
 *    multi-line string of nothing but spaces, tabs and newlines, as every
 *    reader takes its spaces for indentation (`yaml` wrote " \n" as a block
 *    that comes back as "\n").
 * 4. An object or array met twice in one document (the same reference) is
 *    written in full both times, where `yaml` wrote an anchor (`&a1`) and an
 *    alias (`*a1`): every reader reads the same data, and a reviewer reads
 *    each field where it applies.
 * 5. Refused: lone UTF-16 surrogates (UTF-8 cannot hold them and go-yaml
 *    rejects their escapes), circular structures (nesting deeper than
 *    MAX_DEPTH), NaN and ±Infinity (JSON, and so Kubernetes, has
 *    no such number), null, undefined list items, and anything that is not a
 *    plain object, an array, a string, a finite number or a boolean. Map
 *    entries whose value is undefined are left out, as JSON.stringify does.
 *
 * Numbers are written as JavaScript prints them (`1e+21`, `1.5e-7`), which
 * every reader reads as the same number; -0 stays `-0` as `yaml` wrote it
 * (go-yaml, and so JSON, reads 0).
 *
 * test/synth/yaml-writer.test.ts holds both writers to this: identical output
 * on every object of the corpus but for strings listed here, and every string
 * read back as the same string by go-yaml, `yaml` 1.1 and 1.2, and js-yaml.
 */

/** Thrown for a value that is not part of a Kubernetes object's JSON, with the path of the field. */
export class YamlWriteError extends Error {
  constructor(readonly path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'YamlWriteError';
  }
}

const INDENT_STEP = '  ';
/** Deeper than this, a structure is taken for circular (a CRD's schema nests a few dozen levels). */
const MAX_DEPTH = 500;

// `yaml`'s plainString: what may not appear in a plain scalar (indicator
// first, ': ', ' #', a trailing space or colon, ...).
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
// Lines that start a document or a directive when read as YAML.
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;
// Documented difference 2: characters `yaml` writes raw that must be escaped.
const EXTRA_ESCAPED = /[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;
const EXTRA_ESCAPED_ALL = /[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/g;
// What makes a string double-quoted: `yaml`'s C0/C1 controls and lone
// surrogates (which it escapes through JSON), and the characters above.
const FORCE_DOUBLE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\u{D800}-\u{DFFF}]/u;
const BLOCK_STARTS_WITH_TAB = /^\n*\t/;
const BLANK_BLOCK = /^[\n\t ]*[\t ][\n\t ]*$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// The implicit types of `yaml`'s YAML 1.1 schema (yaml/dist/schema/yaml-1.1):
// a plain scalar matching one of these is quoted by `yaml` itself.
const YAML_11_TYPES: ReadonlyArray<RegExp> = [
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
  /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
  /^[-+]?0b[0-1_]+$/,
  /^[-+]?0[0-7_]+$/,
  /^[-+]?[0-9][0-9_]*$/,
  /^[-+]?0x[0-9a-fA-F_]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
  /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
  /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:t|T|[ \t]+)([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\.[0-9]+)?)(?:[ \t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$/,
];

// go-yaml v2 resolve.go, for a plain scalar whose first character is a digit
// or a sign: a timestamp (four digits, '-', then time.Parse with its four
// layouts), else strconv.ParseInt/ParseUint(base 0) or its float pattern
// after removing every '_', else a 0b/-0b binary number.
const GO_TIMESTAMP = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:[.,][0-9]+)?(?:Z|[-+][0-9]{2}:[0-9]{2})| [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:[.,][0-9]+)?)?$/;
const GO_INT = /^[-+]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
const GO_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const GO_BINARY = /^-?0b[01]+$/;
// go-yaml's '.' hint (strconv.ParseFloat of the scalar as written) and its
// map of words (bools, nulls, .inf, .nan, <<) are within YAML_11_TYPES but
// for '<<'.

// A letter but e or E (`e9` is a float to yaml 1.1), then letters, digits and
// `._/-` (no space, no `:`, no `#`), at most 1024 characters: plain-safe in
// every position; of the implicit types of all readers, only these words can
// match it.
const COMMON = /^[A-DF-Za-df-z][A-Za-z0-9._/-]{0,1023}$/;
const WORD = /^(?:[YyNn]|[Yy]es|YES|[Nn]o|NO|[Tt]rue|TRUE|[Ff]alse|FALSE|[Oo]n|ON|[Oo]ff|OFF|[Nn]ull|NULL)$/;

/**
 * The reader that takes `value`, written as a plain scalar, for something
 * other than a string although `yaml` 1.1 does not (documented difference 1),
 * or undefined.
 */
export function retypedBy(value: string): string | undefined {
  const first = value.charCodeAt(0);
  const digitOrSign = (first >= 0x30 && first <= 0x39) || first === 0x2b || first === 0x2d;
  if (digitOrSign) {
    const plain = value.includes('_') ? value.replace(/_/g, '') : value;
    if (GO_TIMESTAMP.test(value) || GO_INT.test(plain) || GO_FLOAT.test(plain) || GO_BINARY.test(plain)) {
      return 'go-yaml (kubectl) reads a number or a timestamp';
    }
  }
  if (value === '<<') {
    return 'go-yaml (kubectl) reads a merge key';
  }
  if (value === '=') {
    return 'YAML 1.1 value type (PyYAML cannot construct it)';
  }
  if (/^[-+]?0o[0-7]+$/.test(value)) {
    return 'yaml 1.2 reads an octal number';
  }
  return undefined;
}

/** Why the writer escapes or quotes `value` where `yaml` 1.1 does not, or undefined: the documented differences. */
export function documentedDifference(value: string): string | undefined {
  if (EXTRA_ESCAPED.test(value)) {
    return 'holds a character that yaml writes raw: U+007F-U+009F, U+2028, U+2029, U+FEFF, U+FFFE or U+FFFF';
  }
  if (value.includes('\n') && BLOCK_STARTS_WITH_TAB.test(value)) {
    return 'multi-line, its first line starts with a tab: go-yaml (kubectl) refuses it as a block scalar';
  }
  if (value.includes('\n') && BLANK_BLOCK.test(value)) {
    return 'multi-line, nothing but spaces, tabs and newlines: as a block scalar its spaces are read as indentation';
  }
  return retypedBy(value);
}

function isYaml11Typed(value: string): boolean {
  for (const type of YAML_11_TYPES) {
    if (type.test(value)) {
      return true;
    }
  }
  return false;
}

/** True when some reader would read `value`, written plain, as something other than a string. */
function mustQuoteForType(value: string): boolean {
  return isYaml11Typed(value) || retypedBy(value) !== undefined;
}

function escapeExtra(text: string): string {
  return text.replace(EXTRA_ESCAPED_ALL, (ch) => {
    switch (ch) {
      case '\u0085':
        return '\\N';
      case '\u2028':
        return '\\L';
      case '\u2029':
        return '\\P';
      default: {
        const code = ch.charCodeAt(0);
        return code <= 0xff ? `\\x${code.toString(16)}` : `\\u${code.toString(16).toUpperCase()}`;
      }
    }
  });
}

// `yaml`'s doubleQuotedString with lineWidth 0: JSON escapes turned into
// YAML's short ones, and, for a value of 40 characters or more, each newline
// written as a folded line break.
function doubleQuoted(value: string, indent: string, implicitKey: boolean): string {
  const json = JSON.stringify(value);
  let str = '';
  let start = 0;
  for (let i = 0, ch = json[i]; ch; ch = json[++i]) {
    if (ch === ' ' && json[i + 1] === '\\' && json[i + 2] === 'n') {
      // A space before a newline is escaped, or folding would eat it.
      str += json.slice(start, i) + '\\ ';
      i += 1;
      start = i;
      ch = '\\';
    }
    if (ch === '\\') {
      switch (json[i + 1]) {
        case 'u': {
          str += json.slice(start, i);
          const code = json.substr(i + 2, 4);
          switch (code) {
            case '0000':
              str += '\\0';
              break;
            case '0007':
              str += '\\a';
              break;
            case '000b':
              str += '\\v';
              break;
            case '001b':
              str += '\\e';
              break;
            default:
              str += code.substr(0, 2) === '00' ? '\\x' + code.substr(2) : json.substr(i, 6);
          }
          i += 5;
          start = i + 1;
          break;
        }
        case 'n':
          if (implicitKey || json[i + 2] === '"' || json.length < 40) {
            i += 1;
          } else {
            // A folded line break: the first newline is eaten by folding.
            str += json.slice(start, i) + '\n\n';
            while (json[i + 2] === '\\' && json[i + 3] === 'n' && json[i + 4] !== '"') {
              str += '\n';
              i += 2;
            }
            str += indent;
            // A space after a newline is escaped, or folding would eat it.
            if (json[i + 2] === ' ') {
              str += '\\';
            }
            i += 1;
            start = i + 1;
          }
          break;
        default:
          i += 1;
      }
    }
  }
  str = start ? str + json.slice(start) : json;
  return EXTRA_ESCAPED.test(str) ? escapeExtra(str) : str;
}

function singleQuoted(value: string, indent: string, implicitKey: boolean): string {
  if ((implicitKey && value.includes('\n')) || /[ \t]\n|\n[ \t]/.test(value)) {
    return doubleQuoted(value, indent, implicitKey);
  }
  return "'" + value.replace(/'/g, "''").replace(/\n+/g, `$&\n${indent}`) + "'";
}

function quoted(value: string, indent: string, implicitKey: boolean): string {
  const hasDouble = value.includes('"');
  const hasSingle = value.includes("'");
  return hasDouble && !hasSingle ? singleQuoted(value, indent, implicitKey) : doubleQuoted(value, indent, implicitKey);
}

// `yaml`'s blockString with lineWidth 0 (always literal `|`, never folded).
function blockString(original: string, indent: string): string {
  // A block cannot end in whitespace unless its last line has content.
  // Documented difference 3: nor start with a tab (after empty lines), as
  // go-yaml then fails: "found a tab character where an indentation space is
  // expected".
  // And documented difference 3b: nor be only spaces, tabs and newlines, as
  // every reader then takes the spaces for indentation (" \n" comes back as
  // "\n").
  if (/\n[\t ]+$/.test(original) || BLOCK_STARTS_WITH_TAB.test(original) || BLANK_BLOCK.test(original)) {
    return quoted(original, indent, false);
  }
  let value = original;
  let chomp: string;
  let endStart: number;
  for (endStart = value.length; endStart > 0; --endStart) {
    const ch = value[endStart - 1];
    if (ch !== '\n' && ch !== '\t' && ch !== ' ') {
      break;
    }
  }
  let end = value.substring(endStart);
  const endNlPos = end.indexOf('\n');
  if (endNlPos === -1) {
    chomp = '-';
  } else if (value === end || endNlPos !== end.length - 1) {
    chomp = '+';
  } else {
    chomp = '';
  }
  if (end) {
    value = value.slice(0, -end.length);
    if (end[end.length - 1] === '\n') {
      end = end.slice(0, -1);
    }
    end = end.replace(/(^|(?<!\n))\n+(?!\n|$)/g, `$&${indent}`);
  }
  let startWithSpace = false;
  let startEnd: number;
  let startNlPos = -1;
  for (startEnd = 0; startEnd < value.length; ++startEnd) {
    const ch = value[startEnd];
    if (ch === ' ') {
      startWithSpace = true;
    } else if (ch === '\n') {
      startNlPos = startEnd;
    } else {
      break;
    }
  }
  let start = value.substring(0, startNlPos < startEnd ? startNlPos + 1 : startEnd);
  if (start) {
    value = value.substring(start.length);
    start = start.replace(/\n+/g, `$&${indent}`);
  }
  const header = (startWithSpace ? '2' : '') + chomp;
  value = value.replace(/\n+/g, `$&${indent}`);
  return `|${header}\n${indent}${start}${value}${end}`;
}

/** A string as a map key (implicitKey) or as a value, `indent` being the indentation of its content. */
function stringScalar(value: string, indent: string, implicitKey: boolean): string {
  // Fast path, most strings of a manifest (names, labels, images, paths):
  // nothing to quote but for the YAML 1.1 words.
  if (COMMON.test(value)) {
    return WORD.test(value) ? quoted(value, indent, implicitKey) : value;
  }
  if (FORCE_DOUBLE.test(value)) {
    if (LONE_SURROGATE.test(value)) {
      throw new Unwritable(`the string ${JSON.stringify(value)} holds a lone UTF-16 surrogate, which UTF-8 (and so YAML and JSON) cannot hold; remove it or pair it`);
    }
    return doubleQuoted(value, indent, implicitKey);
  }
  if (implicitKey && value.includes('\n')) {
    return quoted(value, indent, implicitKey);
  }
  if (NOT_PLAIN.test(value)) {
    return implicitKey || !value.includes('\n') ? quoted(value, indent, implicitKey) : blockString(value, indent);
  }
  if (!implicitKey && value.includes('\n')) {
    return blockString(value, indent);
  }
  if (implicitKey && indent === INDENT_STEP && DOCUMENT_MARKER.test(value)) {
    return quoted(value, indent, implicitKey);
  }
  if (mustQuoteForType(value)) {
    return quoted(value, indent, implicitKey);
  }
  return value;
}

function describe(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (typeof value === 'object') {
    return `an object of class ${(value as object).constructor?.name ?? '(none)'}`;
  }
  return `${typeof value} ${String(value)}`;
}

// Thrown inside the writer; each map and list on the way out adds its key or
// index, so that paths are only built for an error.
class Unwritable extends Error {
  /** Keys and list indexes, innermost first. */
  readonly segments: Array<string | number> = [];

  path(): string {
    return this.segments.reduceRight<string>((path, segment) => (typeof segment === 'number' ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment), '');
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return false;
  }
  // Object.prototype of any realm (jest runs code in several) is the one
  // prototype whose own prototype is null; class instances are refused.
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

function unsupported(value: unknown): never {
  throw new Unwritable(`${describe(value)} is not part of a Kubernetes object: only plain objects, arrays, strings, finite numbers and booleans can be written`);
}

/** Whether `value` goes on the lines after its key: a map or list with an entry. */
function isBlock(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  if (Array.isArray(value)) {
    return value.length > 0;
  }
  for (const key in value) {
    if ((value as Record<string, unknown>)[key] !== undefined) {
      return true;
    }
  }
  return false;
}

// The writer pushes pieces of text onto `out` and joins them once per
// document: far less garbage than concatenating strings at every level.

/**
 * Writes a value in the position after a key's `:` or a list's `- `,
 * `indent` being the indentation of its own lines. A non-empty map or list
 * is written as lines that start with a key or `- `.
 */
function writeNode(value: unknown, indent: string, out: string[]): void {
  switch (typeof value) {
    case 'string':
      out.push(stringScalar(value, indent, false));
      return;
    case 'number':
      if (!Number.isFinite(value)) {
        throw new Unwritable(`${value} is not a number JSON (and so Kubernetes) can hold; write a finite number or a string`);
      }
      out.push(Object.is(value, -0) ? '-0' : JSON.stringify(value));
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'object':
      if (indent.length > 2 * MAX_DEPTH) {
        throw new Unwritable(`nested more than ${MAX_DEPTH} levels deep: a circular structure? Kubernetes objects are trees`);
      }
      if (Array.isArray(value)) {
        if (value.length) {
          writeSequence(value, indent, out);
        } else {
          out.push('[]');
        }
        return;
      }
      if (isPlainObject(value)) {
        if (!writeMapping(value, indent, out)) {
          out.push('{}');
        }
        return;
      }
  }
  unsupported(value);
}

function writeSequence(items: ReadonlyArray<unknown>, indent: string, out: string[]): void {
  const itemIndent = indent + INDENT_STEP;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    try {
      if (item === undefined) {
        throw new Unwritable('a list item is undefined; remove it from the list');
      }
      if (i) {
        out.push('\n', indent);
      }
      out.push('- ');
      writeNode(item, itemIndent, out);
    } catch (error) {
      if (error instanceof Unwritable) {
        error.segments.push(i);
      }
      throw error;
    }
  }
}

/** Writes the lines of a map whose keys are at `indent`; false (nothing written) for a map with no defined entry. */
function writeMapping(object: Record<string, unknown>, indent: string, out: string[]): boolean {
  const inner = indent + INDENT_STEP;
  let first = true;
  for (const key in object) {
    const value = object[key];
    if (value === undefined) {
      continue;
    }
    try {
      const keyText = stringScalar(key, inner, true);
      if (!first) {
        out.push('\n', indent);
      }
      first = false;
      if (keyText.length > 1024) {
        // YAML allows implicit keys of 1024 characters at most.
        out.push('? ', keyText, '\n', indent, ': ');
      } else if (isBlock(value)) {
        out.push(keyText, ':\n', inner);
      } else {
        out.push(keyText, ': ');
      }
      writeNode(value, inner, out);
    } catch (error) {
      if (error instanceof Unwritable) {
        error.segments.push(key);
      }
      throw error;
    }
  }
  return !first;
}

/**
 * One YAML document (no `---`) for a Kubernetes object, ending in a newline.
 * Throws a YamlWriteError naming the field for a value it cannot write.
 */
export function writeYamlDocument(object: object): string {
  try {
    if (!isPlainObject(object)) {
      unsupported(object);
    }
    const out: string[] = [];
    if (!writeMapping(object, '', out)) {
      out.push('{}');
    }
    out.push('\n');
    return out.join('');
  } catch (error) {
    if (error instanceof Unwritable) {
      throw new YamlWriteError(error.path() || '(document)', error.message);
    }
    throw error;
  }
}

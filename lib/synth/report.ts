import { Finding } from '../validation/finding';
import { TreeDiff } from './diff';

/** ANSI styling, or none (no TTY, CI, NO_COLOR). */
export interface Style {
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

/** Colours when `enabled`, plain text otherwise. */
export function style(enabled: boolean): Style {
  const wrap = (code: number) => (text: string) => (enabled ? `\u001b[${code}m${text}\u001b[0m` : text);
  return { red: wrap(31), yellow: wrap(33), green: wrap(32), dim: wrap(2), bold: wrap(1) };
}

/** Every finding of a run, errors first, each with where, what and what to do. */
export function formatFindings(findings: ReadonlyArray<Finding>, s: Style, strict: boolean): string {
  const sorted = [...findings].sort((a, b) => severityRank(a) - severityRank(b));
  return sorted.map((f) => {
    const label = f.severity === 'error' || strict ? s.red(`${f.severity}`) : s.yellow(f.severity);
    const lines = [
      `${label} ${s.bold(`[${f.rule}]`)} ${f.message}`,
      `  in:     ${f.app}/${f.environment}${f.object ? `  ${f.object}` : ''}`,
      `  at:     ${f.path}`,
    ];
    if (f.field) {
      lines.push(`  field:  ${f.field}${f.value !== undefined ? ` = ${preview(f.value)}` : ''}`);
    }
    lines.push(`  fix:    ${f.fix}`);
    return lines.join('\n');
  }).join('\n\n');
}

/** One line counting each kind of difference, e.g. `1 added, 0 removed, 2 changed, 1 stray`. */
export function summarizeDiff(diff: TreeDiff): string {
  const parts = [`${diff.added.length} added`, `${diff.removed.length} removed`, `${diff.changed.length} changed`];
  if (diff.reformatted.length) {
    parts.push(`${diff.reformatted.length} reformatted`);
  }
  if (diff.lineEndings.length) {
    parts.push(`${diff.lineEndings.length} with CRLF line endings`);
  }
  if (diff.stray.length) {
    parts.push(`${diff.stray.length} stray (not written by synth)`);
  }
  return parts.join(', ');
}

/** The lines of a diff: objects added, removed and changed, with the changed fields; stray files and line endings. */
export function formatDiff(diff: TreeDiff, s: Style): string {
  const lines: string[] = [];
  for (const ref of diff.added) {
    lines.push(s.green(`+ ${ref.object}  (${ref.file})`));
  }
  for (const ref of diff.removed) {
    lines.push(s.red(`- ${ref.object}  (${ref.file})`));
  }
  for (const change of diff.changed) {
    lines.push(s.yellow(`~ ${change.object}  (${change.file})`));
    for (const field of change.fields) {
      lines.push(`    ${field.field || '(whole object)'}: ${preview(field.before)} -> ${preview(field.after)}`);
    }
  }
  for (const file of diff.reformatted) {
    lines.push(s.dim(`  ${file}: same objects, different text`));
  }
  for (const file of diff.lineEndings) {
    lines.push(s.yellow(`  ${file}: CRLF line endings (synth writes LF; a git autocrlf setting or an editor converted it)`));
  }
  for (const entry of diff.stray) {
    lines.push(s.red(`! ${entry.path}: ${entry.what}, not written by synth`));
  }
  return lines.join('\n');
}

function severityRank(finding: Finding): number {
  return finding.severity === 'error' ? 0 : 1;
}

function preview(value: unknown): string {
  if (value === undefined) {
    return '(none)';
  }
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

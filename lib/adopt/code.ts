import { Chart } from 'cdk8s';
import { isPlainObject } from '../synth/object-diff';

/**
 * A value in generated code that is not plain data (`Duration.seconds(30)`,
 * an enum member, a reference to a pull secret): its TypeScript source, and
 * how to make the same value now, so that the importer can try the props on
 * the real construct before it writes them.
 */
export class Code {
  constructor(public readonly source: string, public readonly make: (chart: Chart) => unknown) {}
}

/** `tree` with every `Code` replaced by the value it makes in `chart`. */
export function materialize(tree: unknown, chart: Chart): any {
  if (tree instanceof Code) {
    return tree.make(chart);
  }
  if (Array.isArray(tree)) {
    return tree.map((item) => materialize(item, chart));
  }
  if (isPlainObject(tree)) {
    return Object.fromEntries(Object.entries(tree).filter(([, v]) => v !== undefined).map(([k, v]) => [k, materialize(v, chart)]));
  }
  return tree;
}

/** `tree` as a TypeScript expression, indented by `indent`. */
export function toSource(tree: unknown, indent = ''): string {
  if (tree instanceof Code) {
    return tree.source;
  }
  const inner = `${indent}  `;
  if (Array.isArray(tree)) {
    if (!tree.length) {
      return '[]';
    }
    const items = tree.map((item) => toSource(item, inner));
    const flat = `[${items.join(', ')}]`;
    return flat.length <= 80 && !flat.includes('\n') ? flat : `[\n${items.map((i) => `${inner}${i},`).join('\n')}\n${indent}]`;
  }
  if (isPlainObject(tree)) {
    const entries = Object.entries(tree).filter(([, v]) => v !== undefined);
    if (!entries.length) {
      return '{}';
    }
    const lines = entries.map(([k, v]) => `${inner}${propertyName(k)}: ${toSource(v, inner)},`);
    return `{\n${lines.join('\n')}\n${indent}}`;
  }
  return JSON.stringify(tree);
}

function propertyName(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
}

/** A TypeScript string literal. */
export function str(text: string): string {
  return JSON.stringify(text);
}

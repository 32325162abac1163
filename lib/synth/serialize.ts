import * as YAML from 'yaml';
import { KubeObject } from '../validation/manifest';

// YAML 1.1 like cdk8s and kubectl: "yes", "on" and "0777" stay quoted
// strings for every parser; no line folding, so diffs stay line-per-field.
const OPTIONS = { lineWidth: 0, version: '1.1' as const };

/** One YAML document per object, separated by `---`, with a header comment. */
export function toYaml(objects: ReadonlyArray<KubeObject>, header?: string): string {
  return drainToYaml([...objects], header);
}

/**
 * `toYaml` that empties `objects` as it goes, so that each object can be
 * garbage-collected as soon as its YAML is written (peak memory of large
 * charts).
 */
export function drainToYaml(objects: KubeObject[], header?: string): string {
  const documents: string[] = [];
  for (let i = 0; i < objects.length; i++) {
    documents.push(YAML.stringify(objects[i], OPTIONS));
    objects[i] = undefined as unknown as KubeObject;
  }
  objects.length = 0;
  return (header ? `# ${header}\n` : '') + documents.join('---\n');
}

/** The objects of a YAML stream; comments and empty documents left out. Throws on a syntax error. */
export function parseYaml(text: string): KubeObject[] {
  const documents = YAML.parseAllDocuments(text, { version: '1.1' });
  for (const document of documents) {
    if (document.errors.length) {
      throw document.errors[0];
    }
  }
  return documents
    .map((document) => document.toJS() as KubeObject)
    .filter((object) => object !== null && object !== undefined);
}

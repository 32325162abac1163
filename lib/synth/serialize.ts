import { KubeObject } from '../validation/manifest';
import { writeYamlDocument } from './yaml-writer';

// The writer (./yaml-writer.ts) writes what `yaml`'s
// stringify(object, { lineWidth: 0, version: '1.1' }) wrote before it, byte
// for byte, but quotes or escapes the few strings that kubectl's parser,
// YAML 1.2 or js-yaml would read back as something else; several times
// faster. YAML 1.1 like cdk8s and kubectl: "yes", "on" and "0777" stay quoted
// strings for every parser; no line folding, so diffs stay line-per-field.

/** One YAML document per object, separated by `---`, with a header comment. */
export function toYaml(objects: ReadonlyArray<KubeObject>, header?: string): string {
  return drainToYaml([...objects], header);
}

/**
 * `toYaml` that empties `objects` as it goes, so that each object can be
 * garbage-collected as soon as its YAML is written (peak memory of large
 * charts). Throws a YamlWriteError (lib/synth/yaml-writer.ts) for a value
 * that is not part of a Kubernetes object's JSON, before anything is written.
 */
export function drainToYaml(objects: KubeObject[], header?: string): string {
  // Pieces joined once: a string grown with += is a rope of thousands of
  // nodes that writing the file must flatten (a third slower at 10,000 services).
  const pieces: string[] = header ? [`# ${header}\n`] : [];
  for (let i = 0; i < objects.length; i++) {
    if (i) {
      pieces.push('---\n');
    }
    pieces.push(writeYamlDocument(objects[i]));
    objects[i] = undefined as unknown as KubeObject;
  }
  objects.length = 0;
  return pieces.join('');
}

/** The objects of a YAML stream; comments and empty documents left out. Throws on a syntax error. */
export function parseYaml(text: string): KubeObject[] {
  // Loaded when first needed: a synth that reads no YAML starts without it.
  const YAML: typeof import('yaml') = require('yaml');
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

import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { flattenLists } from '../synth/drift';
import { dns1123LabelError } from '../validation/formats';
import { KubeObject } from '../validation/manifest';
import { importManifests, ImportNote, InputObject } from './generate';

export { importManifests } from './generate';
export type { ImportNote, ImportOptions, ImportResult, InputObject } from './generate';

/**
 * The objects of a YAML stream (what `kubectl get -o yaml`, `helm template`
 * or a folder of manifests hold): Lists flattened, each object with its
 * file and, for Helm output, the template named by its `# Source:` comment.
 * Throws with the file name on a syntax error.
 */
export function parseManifests(text: string, file: string): InputObject[] {
  const documents = YAML.parseAllDocuments(text, { version: '1.1' });
  const inputs: InputObject[] = [];
  for (const document of documents) {
    if (document.errors.length) {
      throw new Error(`${file}: ${document.errors[0].message}`);
    }
    const object = document.toJS() as KubeObject | null;
    if (object === null || object === undefined) {
      continue;
    }
    // The comment sits before the document or before its first node, depending on the `---`.
    const comments = `${document.commentBefore ?? ''}\n${(document.contents as { commentBefore?: string } | null)?.commentBefore ?? ''}`;
    const helm = /(?:^|\n)\s*Source:\s*(\S+)/.exec(comments)?.[1];
    const source = helm ? `${file} (${helm})` : file;
    inputs.push(...flattenLists([object]).map((o) => ({ object: o, source })));
  }
  return inputs;
}

/** Every manifest under `locations` (files, folders read recursively, `-` for stdin). */
export function readManifests(locations: ReadonlyArray<string>, stdin: () => string): InputObject[] {
  const inputs: InputObject[] = [];
  const visit = (location: string, top: boolean) => {
    if (location === '-') {
      inputs.push(...parseManifests(stdin(), '(stdin)'));
      return;
    }
    const stat = fs.statSync(location);
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(location).sort()) {
        visit(path.join(location, entry), false);
      }
    } else if (top || /\.(ya?ml|json)$/.test(location)) {
      inputs.push(...parseManifests(fs.readFileSync(location, 'utf-8'), location));
    }
  };
  for (const location of locations) {
    visit(location, true);
  }
  return inputs;
}

/** Where the import command reads and writes. */
export interface ImportIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** Standard input, read when a location is `-`. */
  readonly stdin: () => string;
}

const USAGE = `usage: cdk8s-platform-kit import [options] <file|folder|->...

Reads Kubernetes manifests (YAML streams, kubectl get -o yaml Lists, helm template
output, folders recursively, - for stdin) and writes a TypeScript app that builds
them with the library's constructs where they fit, raw ApiObjects otherwise.

options:
  --out FILE         write the app to FILE (default: print it)
  --name NAME        app name (default: the part-of label, else "imported")
  --environment ENV  environment the input comes from (default: from labels or namespace)
  --library MODULE   module to import the library from (default: cdk8s-platform-kit)
  --help, -h         print this help

exit codes: 0 app written, 1 unreadable input, nothing to import, or --out cannot
be written, 2 usage error (unknown option, no input, --name not a DNS-1123 label)
`;

/** `cdk8s-platform-kit import`: returns the exit code. */
export function runImport(argv: ReadonlyArray<string>, io: ImportIo): number {
  const locations: string[] = [];
  const options: { appName?: string; library?: string; environment?: string; out?: string } = {};
  const flags: Record<string, 'appName' | 'library' | 'environment' | 'out'> = { '--name': 'appName', '--library': 'library', '--environment': 'environment', '--out': 'out' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      io.stdout.write(USAGE);
      return 0;
    }
    if (arg in flags) {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('-')) {
        io.stderr.write(`import: ${arg} needs a value\n\n${USAGE}`);
        return 2;
      }
      options[flags[arg]] = value;
      i++;
    } else if (arg.startsWith('-') && arg !== '-') {
      io.stderr.write(`import: unknown option "${arg}"\n\n${USAGE}`);
      return 2;
    } else {
      locations.push(arg);
    }
  }
  if (!locations.length) {
    io.stderr.write(`import: give at least one file, folder or -\n\n${USAGE}`);
    return 2;
  }
  // The name becomes the part-of label and the file name synth writes: Project refuses anything else.
  const nameError = options.appName === undefined ? undefined : dns1123LabelError(options.appName);
  if (nameError) {
    io.stderr.write(`import: --name ${JSON.stringify(options.appName)} ${nameError} (a DNS-1123 label, as Project requires of app names)\n`);
    return 2;
  }
  let inputs: InputObject[];
  try {
    inputs = readManifests(locations, io.stdin);
  } catch (error) {
    io.stderr.write(`import: ${(error as Error).message}\n`);
    return 1;
  }
  const result = importManifests(inputs, options);
  io.stderr.write(`${formatNotes(result.notes)}\n`);
  if (!result.objects.length && !result.notes.some((n) => n.as.startsWith('reference'))) {
    io.stderr.write('import: no Kubernetes objects to import\n');
    return 1;
  }
  if (options.out) {
    try {
      fs.mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
      fs.writeFileSync(options.out, result.code);
    } catch (error) {
      io.stderr.write(`import: cannot write ${options.out}: ${(error as Error).message}\n`);
      return 1;
    }
    io.stderr.write(`wrote ${options.out}: app "${result.appName}", ${result.objects.length} object(s); add it to your Project's apps\n`);
  } else {
    io.stdout.write(result.code);
  }
  return 0;
}

/** The import report: per object, what it became, why, and the fields the library adds. */
export function formatNotes(notes: ReadonlyArray<ImportNote>): string {
  return notes.map((n) => {
    const lines = [`${n.object} -> ${n.as}${n.why ? ` (${n.why})` : ''}`];
    if (n.additions.length) {
      lines.push(`    library adds: ${n.additions.join(', ')}`);
    }
    if (n.allowed?.length) {
      lines.push(`    allowed, as the cluster runs it (review): ${n.allowed.join(', ')}`);
    }
    if (n.stripped.length) {
      lines.push(`    left out (set by the server or API default): ${n.stripped.join(', ')}`);
    }
    return lines.join('\n');
  }).join('\n');
}

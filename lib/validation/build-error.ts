import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Finding } from './finding';
import { PropError } from './prop-error';

/**
 * The finding for an error thrown while an app built its chart. A
 * `PropError` names its construct and prop. Any other error (cdk8s-plus
 * checking its input, a bug) does not say which construct threw: the
 * finding then points at the construct created last in the chart, says so,
 * and gives the first source line outside node_modules that the stack shows.
 */
export function findingOfBuildError(error: unknown, chart: Chart, scope: { readonly app: string; readonly environment: string }): Finding {
  if (PropError.isPropError(error)) {
    return error.toFinding(scope);
  }
  const message = String((error as Error)?.message ?? error);
  const last = lastCreated(chart);
  const where = sourceLine(error);
  const near = last === chart
    ? 'before any construct of the chart was created'
    : `the error does not name its construct; the last one created before it was ${last.node.path}`;
  return {
    ...scope,
    severity: 'error',
    rule: 'build',
    path: last.node.path,
    message: `the app threw while building: ${message} (${near}${where ? `; thrown from ${where}` : ''})`,
    fix: 'fix the props or the app code at that place',
  };
}

/**
 * The construct added last under `chart`, as far as the tree shows it:
 * the last child of the last child, down to a leaf.
 */
function lastCreated(chart: Chart): IConstruct {
  let construct: IConstruct = chart;
  while (construct.node.children.length) {
    construct = construct.node.children[construct.node.children.length - 1];
  }
  return construct;
}

/** `file:line:column` of the first stack frame outside node_modules and node itself. */
function sourceLine(error: unknown): string | undefined {
  const stack = typeof (error as Error)?.stack === 'string' ? (error as Error).stack! : '';
  for (const line of stack.split('\n').slice(1)) {
    const match = /\(?((?:\/|[A-Za-z]:\\)[^()]+:\d+:\d+)\)?\s*$/.exec(line.trim());
    if (match && !match[1].includes('node_modules') && !match[1].startsWith('node:')) {
      const file = match[1];
      return file.startsWith(process.cwd()) ? file.slice(process.cwd().length + 1) : file;
    }
  }
  return undefined;
}

/** Props of an `Environment`. */
export interface EnvironmentProps<N extends string> {
  /** Short name: `dev`, `stg`, `prd`. Also the output folder's name. */
  readonly name: N;

  /**
   * Namespace the environment's apps run in.
   *
   * @default - the environment's name
   */
  readonly namespace?: string;
}

/**
 * One stage an app is deployed to. `N` is the union of every environment's
 * name, so that `pick` only compiles when it has a value for each one.
 *
 * @example
 * const [dev, stg, prd] = Environment.all('dev', 'stg', 'prd');
 * replicas: env.pick({ dev: 1, stg: 2, prd: 4 })
 */
export class Environment<N extends string = string> {
  /** One environment per name, each in the namespace of the same name. */
  public static all<N extends string>(...names: N[]): Environment<N>[] {
    return names.map((name) => new Environment<N>({ name }));
  }

  /** Short name of the environment. */
  public readonly name: N;
  /** Namespace of the environment. */
  public readonly namespace: string;

  constructor(props: EnvironmentProps<N>) {
    this.name = props.name;
    this.namespace = props.namespace ?? props.name;
  }

  /** The value for this environment. */
  public pick<T>(values: Record<N, T>): T {
    return values[this.name];
  }
}

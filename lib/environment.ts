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

  /**
   * The value for this environment. Every value is evaluated before `pick`
   * is called: to build a construct in one environment only, use `pickLazy`.
   */
  public pick<T>(values: Record<N, T>): T {
    return values[this.branch(values, 'pick')];
  }

  /**
   * What this environment's function returns. Only that function is called,
   * so constructs made in the branch of another environment never exist
   * (with `pick`, every branch runs and their constructs collide).
   *
   * @example
   * const pull = env.pickLazy({
   *   dev: () => new RegistryPullSecret(chart, 'pull', { credentials: RegistryCredentials.fromEnvironment() }),
   *   prd: () => RegistryPullSecret.fromSecretName(chart, 'pull', 'registry-credentials'),
   * });
   */
  public pickLazy<T>(builders: Record<N, () => T>): T {
    return builders[this.branch(builders, 'pickLazy')]();
  }

  /**
   * Call `build` only in the environments named, and return what it returns;
   * `undefined` in every other environment.
   *
   * @example
   * env.when('prd', () => new PodDisruptionBudget(chart, 'pdb', { ... }));
   */
  public when<T>(names: N | ReadonlyArray<N>, build: () => T): T | undefined {
    return (typeof names === 'string' ? [names] : names).includes(this.name) ? build() : undefined;
  }

  // The compiler sees to it that every environment has a branch; this covers
  // an Environment typed wider than its project's names (Environment<string>).
  private branch(branches: Record<N, unknown>, method: string): N {
    if (!Object.prototype.hasOwnProperty.call(branches, this.name)) {
      const given = Object.keys(branches).join(', ') || 'none';
      throw new Error(`${method} has no value for environment "${this.name}" (it has ${given}); add a "${this.name}" entry`);
    }
    return this.name;
  }
}

import { Rule } from '../rule';

/** Rules on Secrets in git. */
export const SECRET_RULES: Rule[] = [
  {
    id: 'secret-in-git',
    severity: 'error',
    summary: 'no Secret with values is written to the git-tracked output',
    check: ({ object, sensitive }) => {
      if (object.kind !== 'Secret' || sensitive) {
        return [];
      }
      const keys = [...Object.keys((object.data ?? {}) as object), ...Object.keys((object.stringData ?? {}) as object)];
      return keys.length
        ? [{ field: object.data ? 'data' : 'stringData', value: keys, message: `Secret with ${keys.length} value(s) (${keys.join(', ')}) would be committed to git in clear text (base64 is not encryption)`, fix: 'use an ExternalSecret or SealedSecret, reference an existing Secret, or build it from the environment into the secrets output; allow secret-in-git only for non-sensitive values' }]
        : [];
    },
  },
];

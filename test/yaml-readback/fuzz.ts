/**
 * Reproducible random Kubernetes-like objects for the YAML writer's read-back
 * tests, biased towards what YAML readers disagree on: digits, signs, base
 * prefixes, `._:-+` and spaces, exponents, YAML 1.1 words, line separators,
 * controls, quotes, `#`, newlines and tabs.
 */

/** mulberry32: a small seeded PRNG, so that every run fuzzes the same strings. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  '0', '1', '7', '9', '0x', '0o', '0b', '0X', '0O', '0B', 'f', 'F', '-', '+', '_', '.', ':', ' ', '  ', 'e', 'E',
  'y', 'n', 'Y', 'N', 'yes', 'no', 'on', 'off', 'true', 'False', 'null', '~', '.inf', '.nan', '<<', '=',
  '2001-12-14', 'T', 'Z', 't', '1:20', '12:30:45', '\u2028', '\u2029', '\u0085', '\u007f', '\u0080', '\u009f',
  '\u0000', '\u0001', '\u0007', '\u001b', '\ufeff', '\ufffe', '\u00a0', '\r', '"', "'", '#', ' #', '\n', '\n\n', '\t',
  ' \n', '\n ', '|', '>', '?', '[', ']', '{', '}', ',', '&', '*', '!', '%', '@', '`', '---', '...', '\\', 'a', 'b',
  'x', 'é', '😀', '中',
];

export function randomString(random: () => number, maxPieces = 8): string {
  let n = Math.floor(random() * (maxPieces + 1));
  let s = '';
  while (n-- > 0) {
    s += PIECES[Math.floor(random() * PIECES.length)];
  }
  // Now and then a long one: double-quoted strings of 40 characters or more
  // fold their newlines, keys of more than 1024 become explicit (`? key`).
  const roll = random();
  if (roll < 0.03) {
    s = 'x'.repeat(40) + s;
  } else if (roll < 0.035) {
    s = 'k'.repeat(1020) + s;
  }
  return s;
}

function randomValue(random: () => number, depth: number): unknown {
  const roll = random();
  if (depth < 3 && roll < 0.15) {
    return Array.from({ length: Math.floor(random() * 3) }, () => randomValue(random, depth + 1));
  }
  if (depth < 3 && roll < 0.3) {
    return randomObject(random, depth + 1);
  }
  if (roll < 0.35) {
    return random() < 0.5;
  }
  if (roll < 0.42) {
    const numbers = [0, -0, 1, -1, 80, 0.5, -2.25, 1e21, 1.5e-7, 2 ** 53 + 2, 9223372036854775807, 1e300];
    return numbers[Math.floor(random() * numbers.length)];
  }
  return randomString(random);
}

export function randomObject(random: () => number, depth = 0): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  const size = Math.floor(random() * 4);
  for (let i = 0; i < size; i++) {
    object[randomString(random, 4)] = randomValue(random, depth);
  }
  return object;
}

/** `count` objects from `seed`, each without lone surrogates (which the writer refuses). */
export function fuzzObjects(seed: number, count: number): Array<Record<string, unknown>> {
  const random = prng(seed);
  return Array.from({ length: count }, () => ({ apiVersion: 'v1', kind: 'ConfigMap', data: randomObject(random), extra: randomValue(random, 1) }));
}

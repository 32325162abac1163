import { BadInput, GoodInput } from '../harness';
import { configMap, container, pod, secret, serviceAccount } from '../fixtures';

export const BAD: BadInput[] = [
  { name: 'fails when a ConfigMap key has a slash', rule: 'config-keys', objects: [configMap({ data: { 'conf/app.yaml': 'a: 1' } })], field: 'data[conf/app.yaml]', message: /^key "conf\/app\.yaml" must be letters, digits, "-", "_" and "\."$/ },
  { name: 'fails when a ConfigMap key is ".."', rule: 'config-keys', objects: [configMap({ data: { '..': 'x' } })], message: /^key "\.\." may not be "\." or "\.\.", or start with "\.\."$/ },
  { name: 'fails when a ConfigMap key is in data and binaryData', rule: 'config-keys', objects: [configMap({ data: { logo: 'x' }, binaryData: { logo: 'eA==' } })], field: 'binaryData[logo]', message: /^key "logo" is in both data and binaryData$/ },
  { name: 'fails when a ConfigMap holds more than 1 MiB', rule: 'config-keys', objects: [configMap({ data: { a: 'x'.repeat(700 * 1024), b: 'y'.repeat(400 * 1024) } })], field: 'data', message: /^the ConfigMap holds 1126400 bytes; at most 1048576 \(1 MiB\) are allowed$/ },
  { name: 'fails when a Secret stringData key has a space', rule: 'config-keys', objects: [secret({ stringData: { 'api key': 'x' } })], field: 'stringData[api key]', message: /^key "api key" must be letters/ },
  { name: 'fails when a TLS Secret has no tls.key', rule: 'secret-type', objects: [secret({ type: 'kubernetes.io/tls', data: { 'tls.crt': 'YQ==' } })], field: 'data', message: /^a kubernetes\.io\/tls Secret needs the key tls\.key$/ },
  { name: 'fails when a basic-auth Secret has neither username nor password', rule: 'secret-type', objects: [secret({ type: 'kubernetes.io/basic-auth', stringData: { user: 'x' } })], message: /needs one of the keys username, password$/ },
  { name: 'fails when an env secretKeyRef names a Secret that is not in the chart', rule: 'config-reference', objects: [pod({ containers: [container({ env: [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'api-token', key: 'token' } } }] })] })], message: /^Secret "api-token" is neither defined in the chart nor declared as existing$/ },
  { name: 'fails when a configMap volume item names a key the ConfigMap lacks', rule: 'config-reference', objects: [pod({ volumes: [{ name: 'config', configMap: { name: 'settings', items: [{ key: 'size', path: 'size' }] } }] }), configMap()], message: /^ConfigMap "settings" has no key "size" \(it has app\.properties\)$/ },
  { name: 'fails when a pull secret is empty', rule: 'pull-secret-credentials', objects: [secret({ type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': Buffer.from('{"auths":{}}').toString('base64') } }, 'regcred')], message: /^\.dockerconfigjson has no registry in "auths"$/ },
  { name: 'fails when imagePullSecrets names a Secret that is not in the chart', rule: 'image-pull-secret-reference', objects: [pod({ imagePullSecrets: [{ name: 'regcred' }] })], message: /^pull secret "regcred" is neither defined in the chart nor declared as existing$/ },
  { name: 'fails when a Secret with data is written to git', rule: 'secret-in-git', secretsInGit: true, objects: [secret({ type: 'Opaque', data: { token: 'YQ==' } })], message: /^Secret with 1 value\(s\) \(token\) would be committed to git/ },
];

export const GOOD: GoodInput[] = [
  { name: 'keys with dots, dashes and underscores, and binaryData', objects: [configMap({ data: { '.env': 'A=1', 'app-config_v2.yaml': 'a: 1', 'DB_HOST': 'db' }, binaryData: { 'logo.png': 'iVBORw0KGgo=' } })] },
  { name: 'a TLS Secret, a basic-auth Secret with only a password, a ServiceAccount', objects: [secret({ type: 'kubernetes.io/tls', data: { 'tls.crt': 'YQ==', 'tls.key': 'Yg==' } }), secret({ type: 'kubernetes.io/basic-auth', stringData: { password: 'x' } }, 'basic'), serviceAccount({ imagePullSecrets: [{ name: 'tls' }] })] },
  { name: 'a pod that uses a defined Secret and ConfigMap by key, and an optional missing one', objects: [pod({ containers: [container({ env: [{ name: 'CRT', valueFrom: { secretKeyRef: { name: 'tls', key: 'tls.crt' } } }, { name: 'X', valueFrom: { configMapKeyRef: { name: 'maybe', key: 'x', optional: true } } }], envFrom: [{ configMapRef: { name: 'settings' } }] })] }), secret({ data: { 'tls.crt': 'YQ==' } }), configMap()] },
];

import { BadInput, GoodInput } from '../harness';
import { deployment, ingress, ingressPath, ingressRule, networkPolicy, service } from '../fixtures';

const backing = [service(), deployment()];
const withHost = (host: string) => [ingress({ rules: [{ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } }] } }] }), ...backing];
const withPath = (path: Record<string, any>) => [ingressPath(path), ...backing];
const peer = (p: Record<string, any>) => [ingressRule({ from: [p] })];

export const BAD: BadInput[] = [
  { name: 'fails when an Ingress has neither rules nor a defaultBackend', rule: 'ingress-spec', objects: [ingress({ rules: [] })], message: /^the Ingress has neither rules nor a defaultBackend$/ },
  { name: 'fails when an http rule has no paths', rule: 'ingress-spec', objects: [ingress({ rules: [{ host: 'shop.example.com', http: { paths: [] } }] })], message: /^the http rule has no paths$/ },
  { name: 'fails when a backend port has both a name and a number', rule: 'ingress-spec', objects: withPath({ backend: { service: { name: 'web', port: { name: 'http', number: 80 } } } }), field: 'spec.rules[0].http.paths[0].backend.service.port', message: /^the backend port has both a name and a number$/ },
  { name: 'fails when a backend has both a service and a resource', rule: 'ingress-spec', objects: withPath({ backend: { service: { name: 'web', port: { name: 'http' } }, resource: { kind: 'Bucket', name: 'static' } } }), message: /^the backend names both a service and a resource$/ },
  { name: 'fails when a pathType is "Regex"', rule: 'ingress-path-type', objects: withPath({ pathType: 'Regex' }), message: /^pathType "Regex" is not Exact, Prefix or ImplementationSpecific$/ },
  { name: 'fails when a Prefix path ends with "/."', rule: 'ingress-path', objects: withPath({ path: '/static/.' }), field: 'spec.rules[0].http.paths[0].path', message: /^path "\/static\/\." ends with "\/\."$/ },
  { name: 'fails when an Exact path contains "//"', rule: 'ingress-path', objects: withPath({ path: '/a//b', pathType: 'Exact' }), message: /^path "\/a\/\/b" contains "\/\/"$/ },
  { name: 'fails when a Prefix path contains "%2F"', rule: 'ingress-path', objects: withPath({ path: '/a%2Fb' }), message: /^path "\/a%2Fb" contains "%2F"$/ },
  { name: 'fails when an ImplementationSpecific path is relative', rule: 'ingress-path', objects: withPath({ path: 'api', pathType: 'ImplementationSpecific' }), message: /^path "api" is not absolute$/ },
  { name: 'fails when an Ingress host has a port', rule: 'ingress-host', objects: withHost('shop.example.com:8443'), field: 'spec.rules[0].host', message: /^host "shop\.example\.com:8443" has a port; an Ingress host is a DNS name only/ },
  { name: 'fails when an Ingress host is an IP address', rule: 'ingress-host', objects: withHost('10.0.0.1'), message: /^host "10\.0\.0\.1" is an IP address/ },
  { name: 'fails when an Ingress host has a wildcard in the middle', rule: 'ingress-host', objects: withHost('shop.*.example.com'), message: /has a "\*" that is not the whole first label/ },
  { name: 'fails when an Ingress TLS host has upper-case letters', rule: 'ingress-host', objects: [ingress({ tls: [{ hosts: ['Shop.example.com'], secretName: 'shop-tls' }] }), ...backing], field: 'spec.tls[0].hosts[0]', message: /has upper-case letters/ },
  { name: 'fails when a backend names a Service that is not in the chart', rule: 'ingress-backend', objects: [ingressPath({ backend: { service: { name: 'api', port: { name: 'http' } } } })], message: /^the backend Service "api" is not defined in the chart$/ },
  { name: 'fails when a backend uses a port the Service lacks', rule: 'ingress-backend', objects: withPath({ backend: { service: { name: 'web', port: { number: 8443 } } } }), message: /^Service "web" has no port 8443 \(it has http\)$/ },
  { name: 'fails when an ipBlock CIDR is /33', rule: 'network-policy-peer', objects: peer({ ipBlock: { cidr: '10.0.0.0/33' } }), field: 'spec.ingress[0].from[0].ipBlock.cidr', message: /^CIDR "10\.0\.0\.0\/33" prefix length "\/33" is not from 0 to 32$/ },
  { name: 'fails when an except lies outside the CIDR', rule: 'network-policy-peer', objects: peer({ ipBlock: { cidr: '10.0.0.0/16', except: ['10.1.0.0/24'] } }), field: 'spec.ingress[0].from[0].ipBlock.except[0]', message: /^except "10\.1\.0\.0\/24" is not a strict subset of cidr "10\.0\.0\.0\/16"$/ },
  { name: 'fails when an except equals the CIDR', rule: 'network-policy-peer', objects: peer({ ipBlock: { cidr: '10.0.0.0/16', except: ['10.0.0.0/16'] } }), message: /is not a strict subset/ },
  { name: 'fails when an IPv6 except is wider than its CIDR', rule: 'network-policy-peer', objects: peer({ ipBlock: { cidr: '2001:db8::/64', except: ['2001:db8::/48'] } }), message: /is not a strict subset/ },
  { name: 'fails when a peer has an ipBlock and a podSelector', rule: 'network-policy-peer', objects: peer({ ipBlock: { cidr: '10.0.0.0/16' }, podSelector: {} }), message: /^the peer has an ipBlock and a podSelector$/ },
  { name: 'fails when a peer is empty', rule: 'network-policy-peer', objects: peer({}), message: /^the peer names no podSelector, namespaceSelector or ipBlock/ },
  { name: 'fails when endPort is below port', rule: 'network-policy-port', objects: [ingressRule({ ports: [{ port: 8080, endPort: 8000 }] })], field: 'spec.ingress[0].ports[0].endPort', message: /^endPort 8000 is not from port 8080 to 65535$/ },
  { name: 'fails when endPort goes with a named port', rule: 'network-policy-port', objects: [ingressRule({ ports: [{ port: 'http', endPort: 9000 }] })], message: /^endPort needs a numeric port, not the name "http"$/ },
  { name: 'fails when a NetworkPolicy port name has upper-case letters', rule: 'network-policy-port', objects: [ingressRule({ ports: [{ port: 'HTTP' }] })], message: /^port name "HTTP" must be lower-case/ },
  { name: 'fails when a policy type is "ingress"', rule: 'network-policy-types', objects: [networkPolicy({ policyTypes: ['ingress'] })], message: /^policy type "ingress" is not Ingress or Egress$/ },
  { name: 'fails when a policy type is listed twice', rule: 'network-policy-types', objects: [networkPolicy({ policyTypes: ['Ingress', 'Ingress'] })], message: /^policyTypes lists a type twice$/ },
];

export const GOOD: GoodInput[] = [
  { name: 'an Ingress with a wildcard host, TLS and a default backend', objects: [ingress({ defaultBackend: { service: { name: 'web', port: { number: 80 } } }, rules: [{ host: '*.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } }] } }], tls: [{ hosts: ['*.example.com', 'shop.example.com'], secretName: 'shop-tls' }] }), ...backing] },
  { name: 'an Ingress with only a resource default backend', objects: [ingress({ rules: undefined, defaultBackend: { resource: { apiGroup: 'k8s.example.com', kind: 'Bucket', name: 'static' } } })] },
  { name: 'paths "/static/", "/a.b/..c" and an ImplementationSpecific regex', objects: [ingress({ rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/static/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } }, { path: '/a.b/..c', pathType: 'Exact', backend: { service: { name: 'web', port: { name: 'http' } } } }, { path: '/api/(.*)', pathType: 'ImplementationSpecific', backend: { service: { name: 'web', port: { name: 'http' } } } }] } }] }), ...backing] },
  { name: 'a rule without host', objects: withHost('').map((o, i) => (i === 0 ? ingress({ rules: [{ http: o.spec.rules[0].http }] }) : o)) },
  { name: 'ipBlocks with except inside, IPv6, and host bits set', objects: [networkPolicy({ policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16', '10.2.3.4/32'] } }, { ipBlock: { cidr: '2001:db8::/32', except: ['2001:db8:1::/48'] } }, { namespaceSelector: {}, podSelector: { matchLabels: { app: 'gateway' } } }] }], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 32000, endPort: 32768, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }] }] })] },
];

import { BadInput, GoodInput } from '../harness';
import { container, deployment, ingress, LABELS, networkPolicy, pod, service } from '../fixtures';

const web = deployment();
const svc = (spec: Record<string, any>) => [service(spec), web];
const ports = (...list: Array<Record<string, any>>) => svc({ ports: list });

export const BAD: BadInput[] = [
  { name: 'fails when a Service port is 70000', rule: 'port-range', objects: ports({ name: 'http', port: 70000, targetPort: 'http' }), field: 'spec.ports[0].port', message: /^port 70000 is not an integer from 1 to 65535$/ },
  { name: 'fails when a Service port and its targetPort are both 70000, once', rule: 'port-range', objects: ports({ name: 'http', port: 70000, targetPort: 70000 }), field: 'spec.ports[0].port', message: /^port 70000 is not/ },
  { name: 'fails when a container port is 0', rule: 'port-range', objects: [deployment({}, { containers: [container({ ports: [{ name: 'http', containerPort: 0 }] })] }), service({ ports: [{ name: 'http', port: 80, targetPort: 'http' }] })], field: 'spec.template.spec.containers[0].ports[0].containerPort', message: /^port 0 is not/ },
  { name: 'fails when a probe calls the bad port the container declares, once', rule: 'port-range', objects: [pod({ containers: [container({ ports: [{ name: 'http', containerPort: 70000 }], livenessProbe: { tcpSocket: { port: 70000 } } })] })], field: 'spec.containers[0].ports[0].containerPort', message: /^port 70000/ },
  { name: 'fails when a probe calls port 0', rule: 'port-range', objects: [pod({ containers: [container({ readinessProbe: { httpGet: { path: '/', port: 0 } } })] })], field: 'spec.containers[0].readinessProbe.httpGet.port', message: /^port 0 is not/ },
  { name: 'fails when an Ingress backend uses the bad port its Service declares, once', rule: 'port-range', objects: [service({ ports: [{ name: 'http', port: 70000, targetPort: 'http' }] }), ingress({ rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 70000 } } } }] } }] }), web], field: 'spec.ports[0].port', message: /^port 70000/ },
  { name: 'fails when a named targetPort is "HTTP"', rule: 'port-name', objects: ports({ name: 'http', port: 80, targetPort: 'HTTP' }), field: 'spec.ports[0].targetPort', message: /^port name "HTTP" must be lower-case/, others: 0 },
  { name: 'fails when a Service protocol is "tcp"', rule: 'protocol', objects: ports({ name: 'http', port: 80, targetPort: 'http', protocol: 'tcp' }), message: /^protocol "tcp" is not TCP, UDP or SCTP$/ },
  { name: 'fails when a Service has two unnamed ports', rule: 'service-port-names', objects: ports({ port: 80, targetPort: 'http' }, { port: 81, targetPort: 'http' }), others: 1, message: /^the Service has 2 ports and port 80 has no name$/ },
  { name: 'fails when two Service ports have the same number and protocol', rule: 'service-port-duplicate', objects: ports({ name: 'http', port: 80, targetPort: 'http' }, { name: 'web', port: 80, targetPort: 'http' }), field: 'spec.ports[1].port', message: /^port 80\/TCP is declared twice \(also spec\.ports\[0\]\)$/ },
  { name: 'fails when two Service ports have the same nodePort', rule: 'service-port-duplicate', objects: svc({ type: 'NodePort', ports: [{ name: 'http', port: 80, targetPort: 'http', nodePort: 30080 }, { name: 'admin', port: 81, targetPort: 'http', nodePort: 30080 }] }), field: 'spec.ports[1].nodePort', message: /^nodePort 30080\/TCP is used twice/ },
  { name: 'fails when a ClusterIP Service has a nodePort', rule: 'node-port', objects: ports({ name: 'http', port: 80, targetPort: 'http', nodePort: 30080 }), message: /^a ClusterIP Service cannot have a nodePort$/ },
  { name: 'fails when a nodePort is 8080', rule: 'node-port', objects: svc({ type: 'NodePort', ports: [{ name: 'http', port: 80, targetPort: 'http', nodePort: 8080 }] }), message: /outside the default node port range 30000-32767/ },
  { name: 'fails when an ExternalName Service has no externalName', rule: 'service-type', objects: [service({ type: 'ExternalName', selector: undefined, ports: undefined })], field: 'spec.externalName', message: /^an ExternalName Service has no externalName$/ },
  { name: 'fails when an externalName is an IP address with a port', rule: 'service-type', objects: [service({ type: 'ExternalName', selector: undefined, externalName: '10.0.0.1:5432' })], message: /^externalName "10\.0\.0\.1:5432" is not a lower-case DNS name/ },
  { name: 'fails when an ExternalName Service has clusterIP None', rule: 'service-type', objects: [service({ type: 'ExternalName', selector: undefined, externalName: 'db.example.com', clusterIP: 'None' })], field: 'spec.clusterIP', message: /^an ExternalName Service cannot have a cluster IP \(not even None\)$/ },
  { name: 'fails when a ClusterIP Service has loadBalancerSourceRanges', rule: 'service-type', objects: svc({ loadBalancerSourceRanges: ['10.0.0.0/8'] }), field: 'spec.loadBalancerSourceRanges', message: /^loadBalancerSourceRanges apply only to LoadBalancer Services, not ClusterIP$/ },
  { name: 'fails when a loadBalancerSourceRange is /33', rule: 'service-type', objects: svc({ type: 'LoadBalancer', loadBalancerSourceRanges: ['10.0.0.0/33'] }), field: 'spec.loadBalancerSourceRanges[0]', message: /^source range "10\.0\.0\.0\/33" prefix length "\/33" is not from 0 to 32$/ },
  { name: 'fails when a ClusterIP Service sets externalTrafficPolicy', rule: 'service-type', objects: svc({ externalTrafficPolicy: 'Local' }), message: /^externalTrafficPolicy applies only to NodePort and LoadBalancer Services/ },
  { name: 'fails when a ClusterIP Service has no ports', rule: 'service-type', objects: svc({ ports: [] }), message: /^a ClusterIP Service needs at least one port/ },
  { name: 'fails when a NodePort Service is headless', rule: 'service-type', objects: svc({ type: 'NodePort', clusterIP: 'None' }), message: /^a NodePort Service cannot be headless/ },
  { name: 'fails when the session affinity timeout is 0', rule: 'service-type', objects: svc({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 0 } } }), message: /^session affinity timeout 0 is not from 1 to 86400 seconds$/ },
  { name: 'fails when sessionAffinityConfig is set without ClientIP', rule: 'service-type', objects: svc({ sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } }), message: /^sessionAffinityConfig applies only with sessionAffinity ClientIP$/ },
  { name: 'fails when a Service type is "Headless"', rule: 'service-type', objects: svc({ type: 'Headless' }), message: /^Service type "Headless" is not ClusterIP/ },
  { name: 'fails when ipFamilies lists IPv4 twice', rule: 'service-type', objects: svc({ ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv4', 'IPv4'] }), message: /^IP family IPv4 is listed twice$/ },
  { name: 'fails when clusterIP is 10.96.0.300', rule: 'cluster-ip', objects: svc({ clusterIP: '10.96.0.300' }), field: 'spec.clusterIP', message: /^cluster IP "10\.96\.0\.300" is not an IPv4 address: each of the four numbers must be from 0 to 255$/ },
  { name: 'fails when clusterIPs[0] differs from clusterIP', rule: 'cluster-ip', objects: svc({ clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.11'] }), message: /^clusterIPs\[0\] "10\.96\.0\.11" differs from clusterIP "10\.96\.0\.10"$/ },
  { name: 'fails when clusterIPs combines None with an address', rule: 'cluster-ip', objects: svc({ clusterIPs: ['None', 'fd00::10'] }), message: /"None" cannot be combined/ },
  { name: 'fails when an externalIP is a host name', rule: 'cluster-ip', objects: svc({ externalIPs: ['lb.example.com'] }), field: 'spec.externalIPs[0]', message: /^external IP "lb\.example\.com" is not an IPv4 or IPv6 address$/ },
  { name: 'fails when a Service selects no pod of the chart', rule: 'service-selector-orphan', objects: [service({ selector: { 'app.kubernetes.io/name': 'api' } })], message: /^no pod of the chart has the labels/ },
];

export const GOOD: GoodInput[] = [
  { name: 'a Service with a targetPort by name that the container declares', objects: svc({}) },
  { name: 'a NodePort Service without nodePort, and TCP and UDP on one number', objects: svc({ type: 'NodePort', ports: [{ name: 'dns', port: 53, targetPort: 53 }, { name: 'dns-udp', port: 53, targetPort: 53, protocol: 'UDP' }] }) },
  { name: 'a headless Service without ports, and targetPort 0', objects: [...svc({ clusterIP: 'None', ports: [] }), service({ ports: [{ name: 'http', port: 80, targetPort: 0 }] }, 'web-zero')] },
  { name: 'IPv6 and dual-stack cluster IPs', objects: [...svc({ clusterIP: 'fd00:10:96::a', clusterIPs: ['fd00:10:96::a', '10.96.0.10'], ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv6', 'IPv4'] }), service({ clusterIP: '::ffff:10.96.0.1' }, 'mapped')] },
  { name: 'an ExternalName Service with a trailing dot and ports', objects: [service({ type: 'ExternalName', selector: undefined, externalName: 'db.example.com.', ports: [{ name: 'pg', port: 5432 }] }, 'db')] },
  { name: 'a LoadBalancer with source ranges, Local traffic and health check port', objects: svc({ type: 'LoadBalancer', loadBalancerSourceRanges: ['203.0.113.0/24', '2001:db8::/32'], externalTrafficPolicy: 'Local', healthCheckNodePort: 31000, loadBalancerClass: 'example.com/lb', allocateLoadBalancerNodePorts: false }) },
  { name: 'a ClusterIP Service with externalIPs and externalTrafficPolicy', objects: svc({ externalIPs: ['203.0.113.10'], externalTrafficPolicy: 'Cluster', sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 86400 } } }) },
  { name: 'a Service without selector (manual endpoints)', objects: [service({ selector: undefined }, 'legacy')] },
  { name: 'a NetworkPolicy on a named port', objects: [networkPolicy({ ingress: [{ ports: [{ port: 'http' }] }] }), deployment(), { ...service(), spec: { ...service().spec, selector: LABELS } }] },
];

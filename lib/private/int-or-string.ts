import * as kplus from 'cdk8s-plus-27';
import * as k8s from '../../imports/k8s';

/** A cdk8s-plus count-or-percent as the Kubernetes int-or-string it stands for. */
export function percentOrAbsolute(value: kplus.PercentOrAbsolute): k8s.IntOrString {
  return typeof value.value === 'number' ? k8s.IntOrString.fromNumber(value.value) : k8s.IntOrString.fromString(value.value);
}

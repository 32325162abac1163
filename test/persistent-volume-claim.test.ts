import { Chart, Size, Testing } from 'cdk8s';
import { AccessMode, PersistentVolumeClaim, PersistentVolumeClaimProps, VolumeMode } from '../lib';
import { findingsOf, only, propError, synthObjects } from './helpers';

function render(props: Partial<PersistentVolumeClaimProps> = {}): any {
  return only(synthObjects((chart) => { new PersistentVolumeClaim(chart, 'data', { storage: Size.gibibytes(10), ...props }); }), 'PersistentVolumeClaim');
}


describe('defaults', () => {
  const claim = render();

  test('renders one claim of the size asked, ReadWriteOnce, on the default StorageClass', () => {
    expect(claim).toMatchSnapshot();
    expect(claim.metadata).toEqual({ name: 'data', namespace: 'test' });
    expect(claim.spec).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } });
  });

  test('the main object is the Resource child and the fields say what was asked', () => {
    const pvc = new PersistentVolumeClaim(new Chart(Testing.app(), 'test'), 'data', { storage: Size.gibibytes(10) });
    expect(pvc.node.defaultChild).toBe(pvc.resource);
    expect(pvc).toMatchObject({ name: 'data', accessModes: [AccessMode.READ_WRITE_ONCE], volumeMode: VolumeMode.FILESYSTEM });
  });
});

test.each([
  [Size.mebibytes(512), '512Mi'],
  [Size.gibibytes(1), '1Gi'],
  [Size.tebibytes(2), '2Ti'],
  [Size.mebibytes(1536), '1536Mi'],
])('storage %s is written as %s', (storage, quantity) => {
  expect(render({ storage }).spec.resources.requests.storage).toBe(quantity);
});

test('name', () => {
  expect(render({ name: 'reports-archive' }).metadata.name).toBe('reports-archive');
});

test('accessModes', () => {
  expect(render({ accessModes: [AccessMode.READ_WRITE_MANY, AccessMode.READ_ONLY_MANY] }).spec.accessModes).toEqual(['ReadWriteMany', 'ReadOnlyMany']);
  expect(render({ accessModes: [AccessMode.READ_WRITE_ONCE_POD] }).spec.accessModes).toEqual(['ReadWriteOncePod']);
});

test('storageClassName', () => {
  expect(render({ storageClassName: 'fast-ssd' }).spec.storageClassName).toBe('fast-ssd');
});

test('an empty storageClassName asks for a volume with no class', () => {
  expect(render({ storageClassName: '' }).spec.storageClassName).toBe('');
});

test('volumeMode', () => {
  expect(render({ volumeMode: VolumeMode.BLOCK }).spec.volumeMode).toBe('Block');
});

test('labels', () => {
  expect(render({ labels: { tier: 'data' } }).metadata.labels).toEqual({ tier: 'data' });
});

test('fromClaimName refers to a claim that exists', () => {
  expect(PersistentVolumeClaim.fromClaimName('archive')).toEqual({ name: 'archive', volumeMode: VolumeMode.FILESYSTEM });
});

test('the output passes validation', () => {
  expect(findingsOf((chart) => {
    new PersistentVolumeClaim(chart, 'data', { storage: Size.gibibytes(10), accessModes: [AccessMode.READ_WRITE_ONCE], storageClassName: 'fast-ssd', volumeMode: VolumeMode.FILESYSTEM });
  })).toEqual([]);
});

describe.each<[string, Partial<PersistentVolumeClaimProps>, string, RegExp]>([
  ['storage below 1Mi', { storage: Size.kibibytes(512) }, 'storage', /is less than 1Mi/],
  ['no access mode', { accessModes: [] }, 'accessModes', /is empty/],
  ['an access mode twice', { accessModes: [AccessMode.READ_WRITE_ONCE, AccessMode.READ_WRITE_ONCE] }, 'accessModes', /lists a mode twice/],
  ['ReadWriteOncePod with another mode', { accessModes: [AccessMode.READ_WRITE_ONCE_POD, AccessMode.READ_ONLY_MANY] }, 'accessModes', /combines ReadWriteOncePod with another mode/],
  ['a StorageClass name with capitals', { storageClassName: 'Fast' }, 'storageClassName', /./],
])('fails on %s', (_, props, field, message) => {
  test('at construction, with the construct path, the prop and a fix', () => {
    const error = propError(() => render(props));
    expect(error).toMatchObject({ path: 'test/data', field, fix: expect.any(String) });
    expect(error.problem).toMatch(message);
  });
});

test('fromClaimName fails on a name that is not a DNS subdomain', () => {
  expect(() => PersistentVolumeClaim.fromClaimName('Archive')).toThrow(/PersistentVolumeClaim name "Archive"/);
});

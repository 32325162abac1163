import { SYNTH_HEAP_GROWING_PERCENT, tuneHeapForSynth } from '../../lib/synth/heap';

// The module object itself: the library reads setFlagsFromString through it.
const v8: typeof import('v8') = jest.requireActual('v8');

afterEach(() => jest.restoreAllMocks());

describe('tuneHeapForSynth: the synth command bounds V8 heap growth unless told otherwise', () => {
  test('sets --heap-growing-percent when neither node flags nor NODE_OPTIONS give one', () => {
    const set = jest.spyOn(v8, 'setFlagsFromString').mockImplementation(() => undefined);
    tuneHeapForSynth({});
    expect(set).toHaveBeenCalledWith(`--heap-growing-percent=${SYNTH_HEAP_GROWING_PERCENT}`);
  });

  test.each([
    ['--heap-growing-percent=20'],
    ['--max-old-space-size=4096 --heap_growing_percent=80'],
  ])('leaves the heap alone when NODE_OPTIONS says %s', (options) => {
    const set = jest.spyOn(v8, 'setFlagsFromString').mockImplementation(() => undefined);
    tuneHeapForSynth({ NODE_OPTIONS: options });
    expect(set).not.toHaveBeenCalled();
  });
});

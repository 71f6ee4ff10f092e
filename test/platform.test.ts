// Off Linux the package must import and every call must reject with
// ERR_UNSUPPORTED_PLATFORM, without trying to load the addon, because no
// binary exists there. Only Linux runs these tests, so process.platform is
// replaced and node-gyp-build is mocked to fail as it fails on such a system.

jest.mock('node-gyp-build', () =>
  jest.fn(() => {
    throw new Error('No native build was found for platform=darwin arch=arm64');
  }),
);

import {
  DefaultDescriptors,
  PsnodeError,
  joinNamespaceAndProcessInfo,
  joinNamespaceAndProcessInfoByPids,
  listDescriptors,
  processInfo,
  processInfoByPids,
} from '../lib/index';

// node-gyp-build ships no type declarations, so the mock's type is given here.
const loader = jest.requireMock<jest.Mock>('node-gyp-build');

const CALLS: Array<[string, () => Promise<unknown>]> = [
  ['processInfo()', () => processInfo()],
  ['processInfo with descriptors', () => processInfo(['pid', 'comm'])],
  ['processInfoByPids', () => processInfoByPids([1, '2'])],
  ['processInfoByPids([])', () => processInfoByPids([])],
  ['joinNamespaceAndProcessInfo', () => joinNamespaceAndProcessInfo(1)],
  ['joinNamespaceAndProcessInfoByPids([])', () => joinNamespaceAndProcessInfoByPids([])],
  ['listDescriptors', () => listDescriptors()],
];

// process.platform is read-only but configurable, which jest.replaceProperty
// cannot handle, so the property is redefined and put back by hand.
const realPlatform = Object.getOwnPropertyDescriptor(process, 'platform')!;

function fakePlatform(platform: string): void {
  Object.defineProperty(process, 'platform', { ...realPlatform, value: platform });
}

afterEach(() => {
  Object.defineProperty(process, 'platform', realPlatform);
  loader.mockClear();
});

describe.each(['darwin', 'win32', 'freebsd'])('on %s', (platform) => {
  beforeEach(() => {
    fakePlatform(platform);
  });

  test('constants import', () => {
    expect(DefaultDescriptors).toContain('pid');
  });

  test.each(CALLS)('%s rejects', async (_name, call) => {
    const error = await call().then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(PsnodeError);
    expect(error).toMatchObject({ code: 'ERR_UNSUPPORTED_PLATFORM', value: platform });
    expect((error as Error).message).toContain(JSON.stringify(platform));
    expect(loader).not.toHaveBeenCalled();
  });
});

describe('on linux', () => {
  test('calls reach the addon loader', async () => {
    fakePlatform('linux');
    await expect(processInfoByPids([])).rejects.toThrow('No native build was found');
    expect(loader).toHaveBeenCalledTimes(1);
  });
});

import { binding } from '../../lib/binding';
import type { NativeTesting } from '../../binding';

/** The addon's parsers and formatters, for unit tests on recorded input. */
export const native: NativeTesting = binding().testing;

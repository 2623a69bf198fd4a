import { InputError } from '../image/index.js';
import { DEFAULT_PSF, checkPsfParams, type ButterworthParams, type PsfModel, type PsfOrientation } from '../psf/index.js';
import { choiceFlag, numberList, type Flags } from './args.js';

/** Flags shared by every command that builds DP PSFs. */
export const PSF_FLAGS = {
  psf: { type: 'string' },
  'psf-model': { type: 'string' },
  orientation: { type: 'string' },
} as const;

/** Reads --psf n,alpha,beta,kappa (defaults: DEFAULT_PSF), --psf-model and --orientation. */
export function psfFromFlags(flags: Flags): { params: ButterworthParams; model: PsfModel; orientation: PsfOrientation } {
  const list = numberList(flags, 'psf', 4, 'n,alpha,beta,kappa');
  const params = list ? { n: list[0]!, alpha: list[1]!, beta: list[2]!, kappa: list[3]! } : DEFAULT_PSF;
  try {
    checkPsfParams(params);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError('--psf', (err as Error).message);
  }
  return {
    params,
    model: choiceFlag(flags, 'psf-model', ['butterworth', 'disk'] as const, 'butterworth'),
    orientation: choiceFlag(flags, 'orientation', ['reference', 'mirrored'] as const, 'reference'),
  };
}

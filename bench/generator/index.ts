export {
  ESTATE_PRESETS,
  type EstateInput,
  type EstateOptions,
  EstateOptionsError,
  type EstatePresetName,
  resolveEstateOptions,
} from './estate-options';
export { generateEstate } from './generate-estate';
export { Prng } from './prng';
export { writeEstate } from './write-estate';

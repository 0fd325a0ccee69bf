import { UsageError } from '../context';

export const OUTPUT_FORMATS = ['table', 'json'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Validates `--format`; the error names the option and the accepted values. */
export function parseOutputFormat(text: string, option = '--format'): OutputFormat {
  if ((OUTPUT_FORMATS as readonly string[]).includes(text)) return text as OutputFormat;
  throw new UsageError(`${option} ${JSON.stringify(text)}: expected one of ${OUTPUT_FORMATS.join(', ')}`);
}

import { z } from 'zod';

export const FieldError = z.object({ path: z.string(), message: z.string(), messageTh: z.string().optional() });
export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    messageTh: z.string(),
    fields: z.array(FieldError).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

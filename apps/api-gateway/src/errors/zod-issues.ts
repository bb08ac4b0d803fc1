import type { ZodError } from 'zod';
import { invalidFields, type ApiError } from './api-error';

/** Turns zod's issues into a 400 that names each field; `root` names the whole input when the path is empty. */
export function fromZod(error: ZodError, root = 'body'): ApiError {
  const problems = error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((k) => (path ? `${path}.${k}` : k));
      return { field: keys.join(', '), message: 'unknown field' };
    }
    return { field: path || root, message: issue.message };
  });
  return invalidFields(problems);
}

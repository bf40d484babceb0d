import 'server-only';

import { z } from 'zod';

import { isTransientDatabaseError } from '@/db/transient-error';
import { RecentSignInRequiredError, isAppError } from '@/lib/errors';
import { PUBLIC_LIMITS, consume, tooManyActionsMessage } from '@/lib/rate-limit/rate-limiter';

import { requireAdmin, requireEditor } from './authorization';
import { getCurrentUser } from './current-user';
import { getRequestContext, type RequestContext } from './request-context';
import { requireRecentSignIn } from './session-policy';
import type { CurrentUser } from './roles';

/**
 * What a refused or invalid action returns to its form (useActionState). `reauthenticate`: the
 * action needs a recent sign-in; the form offers one for this address, back to the same page.
 */
export type ActionFailure = { ok: false; message: string; fieldErrors: Record<string, string[]>; reauthenticate?: { email: string } };

/** Options of an action: `recentSignIn` for void, import, role changes and API tokens. */
export type ActionOptions = { recentSignIn?: boolean };

type Authorize = (user: CurrentUser | null) => asserts user is CurrentUser;

/**
 * FormData as a plain object for zod: a field given once is a string, a field given several
 * times (checkbox groups) an array. Files stay File objects.
 */
export function formDataObject(formData: FormData): Record<string, FormDataEntryValue | FormDataEntryValue[]> {
  const object: Record<string, FormDataEntryValue | FormDataEntryValue[]> = {};
  for (const key of new Set(formData.keys())) {
    if (key.startsWith('$ACTION')) continue;
    const values = formData.getAll(key);
    object[key] = values.length === 1 ? values[0]! : values;
  }
  return object;
}

function authorizedAction<S extends z.ZodType, R>(
  authorize: Authorize,
  schema: S,
  run: (input: z.output<S>, user: CurrentUser, context: RequestContext) => Promise<R>,
  invalidMessage: string,
  options: ActionOptions,
): (previous: unknown, formData: FormData) => Promise<R | ActionFailure> {
  return async (_previous, formData) => {
    try {
      const user = await getCurrentUser();
      authorize(user);
      if (options.recentSignIn) requireRecentSignIn(user);
      const context = await getRequestContext();
      const limit = await consume(PUBLIC_LIMITS.actionsPerSession, context.sessionIdHash ?? user.id);
      if (!limit.allowed) return { ok: false, message: tooManyActionsMessage(limit.retryAfterSeconds), fieldErrors: {} };
      const parsed = schema.safeParse(formDataObject(formData));
      if (!parsed.success) {
        return {
          ok: false,
          message: invalidMessage,
          fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
        };
      }
      return await run(parsed.data, user, context);
    } catch (error) {
      if (isTransientDatabaseError(error)) {
        return { ok: false, message: 'The portal could not reach its database just now, so nothing was changed. Please try again in a moment.', fieldErrors: {} };
      }
      // redirect() and notFound() throw too: only our own domain errors become form state.
      if (!isAppError(error)) throw error;
      if (error instanceof RecentSignInRequiredError) {
        return { ok: false, message: error.message, fieldErrors: {}, reauthenticate: { email: error.email } };
      }
      const message =
        error.code === 'unauthenticated'
          ? 'Your session has ended. Sign in again, then repeat this.'
          : error.code === 'not-found' || error.code === 'forbidden'
            ? 'This was not found, or you do not have access to it.'
            : error.message;
      return { ok: false, message, fieldErrors: {} };
    }
  };
}

const INVALID = 'Some fields need your attention.';

/** A server action for editors; `run` still scopes itself to a volume (requireVolumeEditor). */
export function editorAction<S extends z.ZodType, R>(
  schema: S,
  run: (input: z.output<S>, user: CurrentUser, context: RequestContext) => Promise<R>,
  options: ActionOptions = {},
) {
  return authorizedAction(requireEditor, schema, run, INVALID, options);
}

/** A server action for admins only. */
export function adminAction<S extends z.ZodType, R>(
  schema: S,
  run: (input: z.output<S>, user: CurrentUser, context: RequestContext) => Promise<R>,
  options: ActionOptions = {},
) {
  return authorizedAction(requireAdmin, schema, run, INVALID, options);
}

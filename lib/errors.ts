/** Expected failures of the domain, each with a code a caller can branch on. */
export class AppError extends Error {
  constructor(
    readonly code: 'unauthenticated' | 'forbidden' | 'not-found' | 'invalid' | 'conflict' | 'reauthenticate',
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You do not have access to this.') {
    super('forbidden', message);
  }
}

/** Someone else's record and a missing one are the same answer: no hint that it exists. */
export class NotFoundError extends AppError {
  constructor(message = 'Not found.') {
    super('not-found', message);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'Please sign in.') {
    super('unauthenticated', message);
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;

/** The request cannot be done as asked; the message says why and what to do. */
export class ValidationError extends AppError {
  constructor(message: string) {
    super('invalid', message);
  }
}

/** A sensitive action, asked of a session whose sign-in is not recent: sign in again first. */
export class RecentSignInRequiredError extends AppError {
  constructor(readonly email: string) {
    super('reauthenticate', 'For your safety, this needs a sign-in from the last 30 minutes. Sign in again, then repeat it.');
  }
}

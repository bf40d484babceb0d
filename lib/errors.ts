/** Expected failures of the domain, each with a code a caller can branch on. */
export class AppError extends Error {
  constructor(
    readonly code: 'unauthenticated' | 'forbidden' | 'not-found' | 'invalid' | 'conflict',
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

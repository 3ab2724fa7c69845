/**
 * The failures the API knows how to explain. Code that finds a problem throws one of
 * these; one function (sendError) decides what it looks like on the wire. The status
 * is for HTTP, the code is for machines (logs, metrics, code that branches on it), and
 * the message is for the client, so it must never carry internals.
 */
export class AppError extends Error {
  /**
   * What the client is told, one message per problem: usually one, but a request can
   * be wrong in several ways at once, and the client should hear about all of them.
   */
  readonly messages: readonly string[]

  constructor(
    readonly status: number,
    readonly code: string,
    message: string | readonly string[],
    options?: ErrorOptions,
  ) {
    const messages = typeof message === 'string' ? [message] : [...message]
    // One line for logs and stack traces; the client gets the list.
    super(messages.join('; '), options)
    this.messages = messages
    // The subclass's name, so a log line says "NotFoundError: ..." rather than "Error: ...".
    this.name = new.target.name
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'not found', options?: ErrorOptions) {
    super(404, 'NOT_FOUND', message, options)
  }
}

/** No valid credentials: the client should log in (again). */
export class UnauthorizedError extends AppError {
  constructor(message = 'unauthorized', options?: ErrorOptions) {
    super(401, 'UNAUTHORIZED', message, options)
  }
}

/** Valid credentials, but not for this: logging in again will not help. */
export class ForbiddenError extends AppError {
  constructor(message = 'forbidden', options?: ErrorOptions) {
    super(403, 'FORBIDDEN', message, options)
  }
}

/** The request is fine, but it clashes with the current state of a resource. */
export class ConflictError extends AppError {
  constructor(message = 'conflict', options?: ErrorOptions) {
    super(409, 'CONFLICT', message, options)
  }
}

/**
 * The request is well-formed JSON, but what it asks for is not acceptable. Give it
 * every problem found, one message each: the client fixes them all in one go.
 */
export class ValidationError extends AppError {
  constructor(message: string | readonly string[] = 'validation failed', options?: ErrorOptions) {
    super(422, 'VALIDATION_FAILED', message, options)
  }
}

/**
 * Not the client's fault and not a bug: the service could not do it now (the database
 * stayed busy through every retry). Safe to try again; `retryAfterSeconds` says when.
 */
export class ServiceUnavailableError extends AppError {
  constructor(
    message = 'service unavailable',
    readonly retryAfterSeconds = 1,
    options?: ErrorOptions,
  ) {
    super(503, 'SERVICE_UNAVAILABLE', message, options)
  }
}

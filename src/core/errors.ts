/** A rule of the domain said no. Every message is written for the person who asked. */
export class DomainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Field name → what is wrong with it and how to fix it. */
export type FieldErrors = Record<string, string>;

/** The input has mistakes, one message per field. */
export class ValidationError extends DomainError {
  constructor(readonly fields: FieldErrors) {
    super(
      Object.entries(fields)
        .map(([field, message]) => `${field}: ${message}`)
        .join('; '),
    );
  }
}

/** The actor may not do this (not linked, not active, missing privilege, out of scope). */
export class NotAllowedError extends DomainError {}

/** What was asked for does not exist (any more). */
export class NotFoundError extends DomainError {}

/** The change clashes with the current state (e.g. it was already done). */
export class ConflictError extends DomainError {}

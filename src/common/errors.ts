/** The request needs a signed-in user; pages send the browser to /login and back again. */
export class SignInRequired extends Error {
  constructor() {
    super('Sign-in required');
    this.name = 'SignInRequired';
  }
}

/** Input that broke a rule, with one translated-message key per field. */
export class FormInvalid extends Error {
  constructor(readonly fieldErrors: Record<string, string>) {
    super('The form has errors');
    this.name = 'FormInvalid';
  }
}

/**
 * Rendered page contents (what goes inside the layout's `<main>`, or a part of it marked with the `keep`
 * helper) kept under a key that names everything the content depends on, for pages that are costly to work
 * out and read far more often than what they show changes: the coordinator's cohort table, the employer view
 * and the rows of the supervisor's queue. Their keys hold the people shown with each
 * enrolment's figures counter (which the database moves on every change to what the figures count), the
 * date, the language and the list's filter and order, so a key that is found is content that is still true.
 *
 * The person, the navigation and the CSRF token live in the layout, which is rendered for every request.
 * Access is checked before a key is made, for every request, so a kept content is only shown to someone
 * allowed to see it. The oldest contents go first once the kept ones reach `maxChars` in all.
 */
export class PageBodies {
  private readonly bodies = new Map<string, string>();
  private chars = 0;

  constructor(private readonly maxChars = 2_000_000) {}

  /** The content kept under this key, or undefined; a found one counts as used. */
  get(key: string): string | undefined {
    const body = this.bodies.get(key);
    if (body === undefined) return undefined;
    this.bodies.delete(key);
    this.bodies.set(key, body);
    return body;
  }

  /** A function for the view engine to call with the content once rendered (the page model's `keepBody`). */
  keeper(key: string): (body: string) => void {
    return (body) => {
      if (body.length > this.maxChars) return;
      const before = this.bodies.get(key);
      if (before !== undefined) {
        this.chars -= before.length;
        this.bodies.delete(key);
      }
      this.bodies.set(key, body);
      this.chars += body.length;
      for (const [oldest, kept] of this.bodies) {
        if (this.chars <= this.maxChars) break;
        this.bodies.delete(oldest);
        this.chars -= kept.length;
      }
    };
  }

  get size(): number {
    return this.bodies.size;
  }
}

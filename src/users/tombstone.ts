/** What an erased person's account row keeps in place of a name and an address, so keys and ids still hold. */
export function tombstoneName(userId: number): string {
  return `Slettet person #${userId}`;
}

/** Unique, as the column must be, and no address: nothing can be sent to it or signed in with it. */
export function tombstoneEmail(userId: number): string {
  return `erased:${userId}`;
}

/** True for the row of a person whose data were erased; a real address always has an @ and never this prefix. */
export function isTombstone(user: { id: number; email: string }): boolean {
  return user.email === tombstoneEmail(user.id);
}

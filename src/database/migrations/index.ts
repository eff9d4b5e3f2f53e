import { Foundation1763800000000 } from './1763800000000-Foundation';
import { Learning1763900000000 } from './1763900000000-Learning';
import { Ledger1764000000000 } from './1764000000000-Ledger';
import { Practice1764100000000 } from './1764100000000-Practice';

/** Every migration, oldest first. */
export const migrations = [Foundation1763800000000, Learning1763900000000, Ledger1764000000000, Practice1764100000000];

import { Foundation1763800000000 } from './1763800000000-Foundation';
import { Learning1763900000000 } from './1763900000000-Learning';

/** Every migration, oldest first. */
export const migrations = [Foundation1763800000000, Learning1763900000000];

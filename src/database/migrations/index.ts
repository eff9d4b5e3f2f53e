import { Foundation1763800000000 } from './1763800000000-Foundation';
import { Learning1763900000000 } from './1763900000000-Learning';
import { Ledger1764000000000 } from './1764000000000-Ledger';
import { Practice1764100000000 } from './1764100000000-Practice';
import { Assignments1764200000000 } from './1764200000000-Assignments';
import { Certificates1764300000000 } from './1764300000000-Certificates';
import { Consent1764400000000 } from './1764400000000-Consent';
import { PerformanceIndexes1764550000000 } from './1764550000000-PerformanceIndexes';
import { CoveringIndexes1764650000000 } from './1764650000000-CoveringIndexes';
import { HoursByDateIndex1764750000000 } from './1764750000000-HoursByDateIndex';
import { FiguresVersion1764850000000 } from './1764850000000-FiguresVersion';
import { QueueIndex1764950000000 } from './1764950000000-QueueIndex';
import { SessionStore1765000000000 } from './1765000000000-SessionStore';
import { ConsentEndsWithMove1765050000000 } from './1765050000000-ConsentEndsWithMove';
import { DropFiguresVersion1765250000000 } from './1765250000000-DropFiguresVersion';
import { MailOutbox1765300000000 } from './1765300000000-MailOutbox';
import { InvitationStates1765400000000 } from './1765400000000-InvitationStates';
import { PasswordResets1765410000000 } from './1765410000000-PasswordResets';
import { SessionOwners1765420000000 } from './1765420000000-SessionOwners';
import { PeopleAndOrganisations1765500000000 } from './1765500000000-PeopleAndOrganisations';
import { ChangeStamps1765600000000 } from './1765600000000-ChangeStamps';
import { JobRuns1765700000000 } from './1765700000000-JobRuns';
import { CalendarFeeds1765710000000 } from './1765710000000-CalendarFeeds';
import { Notifications1765720000000 } from './1765720000000-Notifications';
import { AuditLog1765740000000 } from './1765740000000-AuditLog';
import { SecondFactor1765750000000 } from './1765750000000-SecondFactor';
import { SignInLinks1765760000000 } from './1765760000000-SignInLinks';
import { ConsentsByOrganisation1765730000000 } from './1765730000000-ConsentsByOrganisation';
import { LedgerPayloadDigest1765780000000 } from './1765780000000-LedgerPayloadDigest';
import { ErasureRequests1765781000000 } from './1765781000000-ErasureRequests';
import { SkippedTeachingDays1765790000000 } from './1765790000000-SkippedTeachingDays';

/** Every migration, oldest first; one a line, so that new ones merge without conflict. */
export const migrations = [
  Foundation1763800000000,
  Learning1763900000000,
  Ledger1764000000000,
  Practice1764100000000,
  Assignments1764200000000,
  Certificates1764300000000,
  Consent1764400000000,
  PerformanceIndexes1764550000000,
  CoveringIndexes1764650000000,
  HoursByDateIndex1764750000000,
  FiguresVersion1764850000000,
  QueueIndex1764950000000,
  SessionStore1765000000000,
  ConsentEndsWithMove1765050000000,
  DropFiguresVersion1765250000000,
  MailOutbox1765300000000,
  InvitationStates1765400000000,
  PasswordResets1765410000000,
  SessionOwners1765420000000,
  PeopleAndOrganisations1765500000000,
  ChangeStamps1765600000000,
  JobRuns1765700000000,
  CalendarFeeds1765710000000,
  Notifications1765720000000,
  ConsentsByOrganisation1765730000000,
  AuditLog1765740000000,
  SecondFactor1765750000000,
  SignInLinks1765760000000,
  LedgerPayloadDigest1765780000000,
  ErasureRequests1765781000000,
  SkippedTeachingDays1765790000000,
];

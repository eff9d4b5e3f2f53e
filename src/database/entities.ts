import { AssignmentFeedback, AssignmentSubmission, SubmissionFile } from '../assignments/submission.entity';
import { AttendanceChange, AttendanceRecord } from '../attendance/attendance-record.entity';
import { TeachingDay } from '../attendance/teaching-day.entity';
import { Invitation } from '../auth/invitation.entity';
import { LoginThrottle } from '../auth/login-throttle.entity';
import { SessionRow } from '../auth/session.entity';
import { Certificate } from '../certificates/certificate.entity';
import { Cohort } from '../cohorts/cohort.entity';
import { Enrolment } from '../cohorts/enrolment.entity';
import { CurriculumVersion } from '../curricula/curriculum-version.entity';
import { LessonProgress } from '../learning/lesson-progress.entity';
import { ModuleSignoff } from '../learning/module-signoff.entity';
import { Reflection } from '../learning/reflection.entity';
import { LedgerHead, LedgerRecord } from '../ledger/ledger-record.entity';
import { PracticeEntry } from '../practice/practice-entry.entity';
import { EmployerConsent } from '../progress/consent.entity';
import { EmployerView } from '../progress/employer-view.entity';
import { Organisation } from '../users/organisation.entity';
import { User, UserRole } from '../users/user.entity';

/** Every mapped table; the schema itself comes from the migrations. */
export const entities = [
  Organisation,
  User,
  UserRole,
  SessionRow,
  LoginThrottle,
  Invitation,
  CurriculumVersion,
  Cohort,
  Enrolment,
  TeachingDay,
  AttendanceRecord,
  AttendanceChange,
  LessonProgress,
  Reflection,
  ModuleSignoff,
  PracticeEntry,
  AssignmentSubmission,
  SubmissionFile,
  AssignmentFeedback,
  LedgerRecord,
  LedgerHead,
  Certificate,
  EmployerConsent,
  EmployerView,
];

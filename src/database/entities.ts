import { SessionRow } from '../auth/session.entity';
import { LoginThrottle } from '../auth/login-throttle.entity';
import { Cohort } from '../cohorts/cohort.entity';
import { Enrolment } from '../cohorts/enrolment.entity';
import { CurriculumVersion } from '../curricula/curriculum-version.entity';
import { Organisation } from '../users/organisation.entity';
import { User, UserRole } from '../users/user.entity';

/** Every mapped table; the schema itself comes from the migrations. */
export const entities = [Organisation, User, UserRole, SessionRow, LoginThrottle, CurriculumVersion, Cohort, Enrolment];

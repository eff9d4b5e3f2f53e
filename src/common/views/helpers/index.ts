import { and } from './and.helper';
import { concat } from './concat.helper';
import { date } from './date.helper';
import { datetime } from './datetime.helper';
import { eq } from './eq.helper';
import { hours } from './hours.helper';
import { loc, locLang } from './loc.helper';
import { or } from './or.helper';
import { hasAny } from './has-any.helper';
import { sum } from './sum.helper';
import { t } from './t.helper';
import { tError } from './t-error.helper';
import { uri } from './uri.helper';

export const helpers = { and, t, tError, loc, locLang, eq, or, concat, date, datetime, hours, hasAny, sum, uri };

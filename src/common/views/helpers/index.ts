import { concat } from './concat.helper';
import { date } from './date.helper';
import { eq } from './eq.helper';
import { loc, locLang } from './loc.helper';
import { or } from './or.helper';
import { t } from './t.helper';

export const helpers = { t, loc, locLang, eq, or, concat, date };

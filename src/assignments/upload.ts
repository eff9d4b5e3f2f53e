import type { NextFunction, Request, RequestHandler, Response } from 'express';
import multer, { MulterError } from 'multer';

/** At most this many attachments in one version. */
export const MAX_FILES = 5;

/** The one route whose form carries files: a student handing in a milestone. */
const SUBMISSION_ROUTE = /^\/enrolments\/\d+\/assignment\/[^/]+\/?$/;

/** Why the files of a request were not received; the form comes back with the message beside the file field. */
export type UploadProblem = 'tooLarge' | 'tooMany' | 'textTooLong' | 'unreadable';

export interface ReceivedUpload {
  files: Express.Multer.File[];
  problem?: UploadProblem;
}

type UploadRequest = Request & { uploadProblem?: UploadProblem };

/**
 * Parses the multipart body of a milestone hand-in, and of nothing else, into memory. It runs before
 * the CSRF check, so the token in the form is checked like any other form's. A file over the limit
 * or too many files does not end the request: multer stops reading files, the fields read so far
 * (the token and the text come first in the form) stay in the body, and the problem is kept for the
 * service to answer with the form, the text kept. Only signed-in people's uploads are read at all.
 */
export function assignmentUploads(config: { uploadLimitMb: number }): RequestHandler {
  const parse = multer({
    storage: multer.memoryStorage(),
    // Browsers send file names as UTF-8 without saying so; busboy's default would turn "æ" into "Ã¦".
    defParamCharset: 'utf8',
    limits: { fileSize: config.uploadLimitMb * 1024 * 1024, files: MAX_FILES, fields: 10, fieldSize: 256 * 1024, parts: MAX_FILES + 10 },
  }).array('files', MAX_FILES);

  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST' || !req.user || !SUBMISSION_ROUTE.test(req.path)) return next();
    parse(req, res, (error?: unknown) => {
      if (error) {
        (req as UploadRequest).uploadProblem = problemOf(error);
        req.files = [];
      }
      next();
    });
  };
}

/** What the upload middleware left on the request for the controller to hand to the service. */
export function receivedUpload(req: Request): ReceivedUpload {
  const files = Array.isArray(req.files) ? req.files : [];
  return { files, problem: (req as UploadRequest).uploadProblem };
}

function problemOf(error: unknown): UploadProblem {
  if (!(error instanceof MulterError)) return 'unreadable';
  switch (error.code) {
    case 'LIMIT_FILE_SIZE':
      return 'tooLarge';
    case 'LIMIT_FILE_COUNT':
      return 'tooMany';
    case 'LIMIT_UNEXPECTED_FILE':
      return error.field === 'files' ? 'tooMany' : 'unreadable';
    case 'LIMIT_FIELD_VALUE':
      return 'textTooLong';
    default:
      return 'unreadable';
  }
}

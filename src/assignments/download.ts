import type { Response } from 'express';
import { renderErrorPage } from '../common/error-page';
import type { Download } from './assignments.service';

/**
 * `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266): browsers that read filename* get the
 * name as the student had it, "æøå" and all; the plain filename is an ASCII stand-in for the rest.
 */
export function attachmentHeader(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii || 'download'}"; filename*=UTF-8''${encoded}`;
}

/** Sends a stored attachment as a download, never to be shown inline or sniffed into something else. */
export function sendDownload(res: Response, file: Download): void {
  res.setHeader('Content-Type', file.mediaType);
  res.setHeader('Content-Disposition', attachmentHeader(file.name));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'private, no-store');
  res.sendFile(file.path, { dotfiles: 'allow', etag: false, lastModified: false, cacheControl: false }, (error) => {
    if (error && !res.headersSent) renderErrorPage(res, 404);
  });
}

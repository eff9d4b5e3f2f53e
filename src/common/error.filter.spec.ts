import { ArgumentsHost, ForbiddenException, NotFoundException } from '@nestjs/common';
import { SignInRequired } from './errors';
import { ErrorFilter } from './error.filter';

function host(path: string, method = 'GET') {
  const res = {
    headersSent: false,
    locals: { locale: 'en' },
    statusCode: 200,
    rendered: undefined as undefined | { view: string; data: Record<string, unknown> },
    redirected: undefined as undefined | string,
    json: jest.fn(),
    status(code: number) {
      this.statusCode = code;
      return this;
    },
    redirect(_code: number, to: string) {
      this.redirected = to;
    },
    render(view: string, data: Record<string, unknown>, done: (e: Error | null, html?: string) => void) {
      this.rendered = { view, data };
      done(null, '<html></html>');
    },
    type() {
      return this;
    },
    send: jest.fn(),
  };
  const req = { path, originalUrl: path, method };
  const argumentsHost = { switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }) } as unknown as ArgumentsHost;
  return { res, argumentsHost };
}

describe('ErrorFilter', () => {
  const filter = new ErrorFilter();
  // The filter logs unexpected errors; keep the test output quiet.
  beforeAll(() => jest.spyOn(console, 'error').mockImplementation(() => undefined));

  it('shows an unexpected error as a 500 page in the plain layout, without its details', () => {
    const { res, argumentsHost } = host('/programmes');
    filter.catch(new Error('database exploded at secret place'), argumentsHost);
    expect(res.statusCode).toBe(500);
    expect(res.rendered).toEqual({ view: 'errors/error', data: { layout: 'plain', status: 500, page: '500', locale: 'en' } });
  });

  it.each([
    [new NotFoundException(), 404],
    [new ForbiddenException(), 403],
  ])('shows %p as its own page', (error, status) => {
    const { res, argumentsHost } = host('/x');
    filter.catch(error, argumentsHost);
    expect(res.statusCode).toBe(status);
    expect(res.rendered?.data.page).toBe(String(status));
  });

  it('sends someone who is not signed in to the sign-in page and back', () => {
    const { res, argumentsHost } = host('/cohorts/3?x=1');
    filter.catch(new SignInRequired(), argumentsHost);
    expect(res.redirected).toBe('/login?next=%2Fcohorts%2F3%3Fx%3D1');
  });

  it('answers the JSON API with JSON', () => {
    const { res, argumentsHost } = host('/api/v1/things');
    filter.catch(new NotFoundException(), argumentsHost);
    expect(res.json).toHaveBeenCalledWith(expect.objectContaining({ statusCode: 404 }));
  });
});

import { DependencyUnavailableError, unavailableDependency, withTimeout } from './unavailable';

const err = (message: string, props: Record<string, unknown> = {}) => Object.assign(new Error(message), props);

describe('unavailableDependency', () => {
  it.each([
    [err('connect ECONNREFUSED 127.0.0.1:5432', { code: 'ECONNREFUSED' }), 'postgres'],
    [err('terminating connection due to administrator command', { code: '57P01' }), 'postgres'],
    [err('the database system is starting up', { code: '57P03' }), 'postgres'],
    [err('sorry, too many clients already', { code: '53300' }), 'postgres'],
    [err('timeout exceeded when trying to connect'), 'postgres'],
    [err('Connection terminated unexpectedly'), 'postgres'],
    [err('query failed', { driverError: err('x', { code: '08006' }) }), 'postgres'],
    [Object.assign(err('Reached the max retries per request limit (which is 2).'), { name: 'MaxRetriesPerRequestError' }), 'redis'],
    [err('Connection is closed.'), 'redis'],
    [new DependencyUnavailableError('redis'), 'redis'],
  ])('%s → %s', (e, dependency) => {
    expect(unavailableDependency(e)).toBe(dependency);
  });

  it.each([
    err('duplicate key value violates unique constraint', { code: '23505' }),
    err('null value in column', { code: '23502' }),
    new TypeError('x is undefined'),
    'a string',
  ])('a bug or a bad request is not an outage: %s', (e) => {
    expect(unavailableDependency(e)).toBeNull();
  });
});

describe('withTimeout', () => {
  it('passes a prompt answer through and turns a hang into DependencyUnavailableError', async () => {
    await expect(withTimeout(Promise.resolve(7), 50, 'redis')).resolves.toBe(7);
    await expect(withTimeout(new Promise(() => undefined), 20, 'redis')).rejects.toBeInstanceOf(DependencyUnavailableError);
  });
});

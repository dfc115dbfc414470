import { routeOf } from './routes';

describe('routeOf', () => {
  it('names the page of each console path', () => {
    expect(routeOf('/console')).toEqual({ page: 'quality' });
    expect(routeOf('/console/')).toEqual({ page: 'quality' });
    expect(routeOf('/console/quality')).toEqual({ page: 'quality' });
    expect(routeOf('/console/raters/r%2F7')).toEqual({ page: 'rater', raterId: 'r/7' });
    expect(routeOf('/console/runs/run-1')).toEqual({ page: 'run', runId: 'run-1' });
    expect(routeOf('/console/dead-letters')).toEqual({ page: 'dead-letters' });
    expect(routeOf('/console/nope')).toEqual({ page: 'not-found' });
    expect(routeOf('/console/runs/a/b')).toEqual({ page: 'not-found' });
  });
});

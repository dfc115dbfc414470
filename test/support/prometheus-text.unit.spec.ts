import { parsePrometheusText, sampleSum } from './prometheus-text';

describe('parsePrometheusText', () => {
  it('reads HELP, TYPE and samples with escaped label values, Inf and NaN', () => {
    const text = [
      '# HELP http_requests_total The total number of HTTP requests.',
      '# TYPE http_requests_total counter',
      'http_requests_total{method="post",code="200"} 1027 1395066363000',
      'http_requests_total{method="post",code="400"} 3',
      '# TYPE latency histogram',
      'latency_bucket{le="0.1"} 2',
      'latency_bucket{le="+Inf"} 3',
      'latency_sum 0.7',
      'latency_count 3',
      'msdos{path="C:\\\\DIR",error="no \\"FILE\\"\\n"} 1.458255915e9',
      'weird +Inf',
      'lag Nan',
      '',
    ].join('\n');
    const exposition = parsePrometheusText(text);
    expect(sampleSum(exposition, 'http_requests_total')).toBe(1030);
    expect(sampleSum(exposition, 'http_requests_total', { code: '400' })).toBe(3);
    expect(sampleSum(exposition, 'latency_count')).toBe(3);
    expect(exposition.types.get('latency')).toBe('histogram');
    expect(exposition.samples.find((s) => s.name === 'msdos')?.labels).toEqual({
      path: 'C:\\DIR',
      error: 'no "FILE"\n',
    });
    expect(sampleSum(exposition, 'weird')).toBe(Infinity);
    expect(Number.isNaN(sampleSum(exposition, 'lag'))).toBe(true);
  });

  it.each([
    ['JSON', '{"events":1}\n', /line 1 is not Prometheus text format/],
    ['a value that is no number', 'up one\n', /line 1 is not/],
    ['an unquoted label value', 'up{job=a} 1\n', /line 1 is not/],
    ['a label name with a dash', 'up{my-job="a"} 1\n', /line 1 is not/],
    ['an unknown type', '# TYPE up meter\nup 1\n', /line 1 is not/],
    ['a family typed twice', '# TYPE up gauge\n# TYPE up gauge\nup 1\n', /line 2 declares a family a second time/],
    ['a type after the samples', 'up 1\n# TYPE up gauge\n', /line 2 declares a type after/],
    ['no final line feed', 'up 1', /must end with a line feed/],
  ])('refuses %s', (_name, text, error) => {
    expect(() => parsePrometheusText(text)).toThrow(error);
  });
});

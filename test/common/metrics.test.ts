import { describe, expect, it } from 'vitest';
import { MetricsEmitter } from '#common/metrics.ts';
import { emfMetrics, emfProblems } from '../support/emf.ts';

describe('MetricsEmitter', () => {
  it('writes one valid EMF document per emit, under every dimension set asked, service included', () => {
    // Prepare
    const lines: string[] = [];
    const metrics = new MetricsEmitter({
      namespace: 'CentralOps',
      service: 'centralops-agent',
      output: (line) => lines.push(line),
    });
    // Act
    metrics.emit(
      [
        { name: 'Questions', unit: 'Count', value: 1 },
        { name: 'TimeToFinal', unit: 'Milliseconds', value: 812 },
      ],
      [{}, { platform: 'slack', verb: 'query' }],
    );
    // Assess
    expect(lines).toHaveLength(1);
    expect(emfProblems(lines[0]!)).toEqual([]);
    const [questions] = emfMetrics(lines);
    expect(questions).toMatchObject({
      namespace: 'CentralOps',
      name: 'Questions',
      unit: 'Count',
      value: 1,
      dimensionSets: [['service'], ['service', 'platform', 'verb']],
      root: { service: 'centralops-agent', platform: 'slack', verb: 'query' },
    });
  });

  it('writes nothing when off, and drops values that are not finite numbers', () => {
    // Prepare
    const lines: string[] = [];
    const off = new MetricsEmitter({
      namespace: 'CentralOps',
      service: 's',
      output: (line) => lines.push(line),
      enabled: false,
    });
    const on = new MetricsEmitter({
      namespace: 'CentralOps',
      service: 's',
      output: (line) => lines.push(line),
    });
    // Act
    off.emit([{ name: 'Questions', unit: 'Count', value: 1 }], [{}]);
    on.emit([{ name: 'TimeToFirstText', unit: 'Milliseconds', value: Number.NaN }], [{}]);
    // Assess
    expect(lines).toEqual([]);
  });
});

describe('EMF checker (the specification’s required fields)', () => {
  const valid = {
    _aws: {
      Timestamp: 1_764_000_000_000,
      CloudWatchMetrics: [
        {
          Namespace: 'CentralOps',
          Dimensions: [['service']],
          Metrics: [{ Name: 'Questions', Unit: 'Count' }],
        },
      ],
    },
    service: 'centralops-bot',
    Questions: 1,
  };

  it.each([
    ['no _aws', { ...valid, _aws: undefined }, 'no _aws metadata object'],
    ['no Timestamp', { ...valid, _aws: { ...valid._aws, Timestamp: undefined } }, 'Timestamp'],
    ['a dimension without its value', { ...valid, service: undefined }, 'dimension service'],
    ['a metric without its number', { ...valid, Questions: 'one' }, 'metric Questions'],
    [
      'an unknown unit',
      {
        ...valid,
        _aws: {
          ...valid._aws,
          CloudWatchMetrics: [
            { ...valid._aws.CloudWatchMetrics[0], Metrics: [{ Name: 'Questions', Unit: 'Things' }] },
          ],
        },
      },
      'unknown unit',
    ],
  ])('refuses a document with %s', (_, document, problem) => {
    // Act
    const problems = emfProblems(JSON.stringify(document));
    // Assess
    expect(problems.join('; ')).toContain(problem);
    expect(emfProblems(JSON.stringify(valid))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { compileShape, OTHER_COUNT, select, shapeResponse as shapeWith } from '#bridge/src/shape.ts';
import { fieldTree, parsePath, type ShapeInput } from '#contracts/bridge-tools/shape.ts';

const instance = (id: string, state: string, name?: string) => ({
  InstanceId: id,
  InstanceType: 't3.micro',
  State: { Code: 16, Name: state },
  PrivateIpAddress: '10.0.0.1',
  Tags: [...(name ? [{ Key: 'Name', Value: name }] : []), { Key: 'team', Value: 'payments' }],
});

/** A DescribeInstances response: 2 reservations, 5 instances. */
const RESPONSE = {
  Reservations: [
    {
      ReservationId: 'r-1',
      Instances: [instance('i-1', 'running', 'web-1'), instance('i-2', 'stopped', 'web-2')],
    },
    {
      ReservationId: 'r-2',
      Instances: [
        instance('i-3', 'running', 'api-1'),
        instance('i-4', 'running'),
        instance('i-5', 'pending', 'web-3'),
      ],
    },
  ],
  NextToken: 'abc',
};

/** The shape as a query compiles it once. */
const shapeResponse = (payload: unknown, shape: ShapeInput, fits?: Parameters<typeof shapeWith>[2]) =>
  shapeWith(payload, compileShape(shape), fits);

const INSTANCES: ShapeInput = {
  items: 'Reservations[].Instances[]',
  fields: ['InstanceId', 'State.Name', 'Tags[Key=Name]'],
  count_by: 'State.Name',
};

describe('parsePath', () => {
  it('reads members, [] and [Member=value] steps', () => {
    expect(parsePath('Reservations[].Instances[]')).toEqual([
      { member: 'Reservations', list: 'each' },
      { member: 'Instances', list: 'each' },
    ]);
    expect(parsePath('Tags[Key=aws:cloudformation.stack-name].Value')).toEqual([
      { member: 'Tags', list: { member: 'Key', equals: 'aws:cloudformation.stack-name' } },
      { member: 'Value' },
    ]);
  });

  it.each([
    [''],
    ['a..b'],
    ['.a'],
    ['a.'],
    ['a[*]'],
    ['a[?b==`c`]'],
    ['a[0]'],
    ['__proto__'],
    ['a.b.c.d.e.f.g.h.i'],
    ['{a: b}'],
    ['a | b'],
  ])('refuses %j', (path) => {
    expect(parsePath(path)).toBeUndefined();
  });
});

describe('fieldTree', () => {
  it('refuses two fields stepping into one member differently', () => {
    expect(fieldTree(['Tags[]', 'Tags[Key=Name]'])).toBe(
      'Tags[Key=Name] steps into Tags unlike another field',
    );
  });

  it('keeps the whole value when one field names a prefix of another', () => {
    expect(fieldTree(['State.Name', 'State'])).toEqual({ State: {} });
  });
});

describe('select', () => {
  it('never reads a member through the prototype', () => {
    expect(select({}, parsePath('constructor')!)).toEqual([]);
    expect(select({ a: [{}] }, parsePath('a[].toString')!)).toEqual([]);
  });
});

describe('shapeResponse', () => {
  it('keeps the matching items with the fields named, where the response had them, and counts them all', () => {
    // Act
    const shaped = shapeResponse(RESPONSE, { ...INSTANCES, max_items: 2 });
    // Assess
    expect(shaped).toEqual({
      response: {
        Reservations: [
          {
            Instances: [
              { InstanceId: 'i-1', State: { Name: 'running' }, Tags: [{ Key: 'Name', Value: 'web-1' }] },
              { InstanceId: 'i-2', State: { Name: 'stopped' }, Tags: [{ Key: 'Name', Value: 'web-2' }] },
            ],
          },
        ],
      },
      total: 5,
      counts: { running: 3, stopped: 1, pending: 1 },
      omitted: 3,
    });
  });

  it('keeps ten items by default, whole when no fields are named', () => {
    // Act
    const shaped = shapeResponse(RESPONSE, { items: 'Reservations[].Instances[]' });
    // Assess
    expect(select(shaped.response, parsePath('Reservations[].Instances[]')!)).toEqual(
      RESPONSE.Reservations.flatMap((reservation) => reservation.Instances),
    );
    expect(shaped).toMatchObject({ total: 5, omitted: 0 });
  });

  it('keeps only the items whose fields contain the text, in any case, and counts only those', () => {
    // Act
    const shaped = shapeResponse(RESPONSE, {
      ...INSTANCES,
      match: { fields: ['Tags[Key=Name].Value', 'InstanceId'], contains: 'WEB' },
    });
    // Assess
    expect(select(shaped.response, parsePath('Reservations[].Instances[].InstanceId')!)).toEqual([
      'i-1',
      'i-2',
      'i-5',
    ]);
    expect(shaped).toMatchObject({ total: 3, counts: { running: 1, stopped: 1, pending: 1 }, omitted: 0 });
  });

  it('counts an item without the field as (none), and the values past the twenty commonest as (other)', () => {
    // Prepare
    const items = Array.from({ length: 30 }, (_, i) => ({ Id: i, Kind: i < 5 ? undefined : `k${i}` }));
    // Act
    const shaped = shapeResponse({ Items: items }, { items: 'Items[]', count_by: 'Kind', max_items: 0 });
    // Assess
    expect(shaped.counts?.['(none)']).toBe(5);
    expect(Object.keys(shaped.counts ?? {})).toHaveLength(21);
    expect(shaped.counts?.[OTHER_COUNT]).toBe(6);
    expect(shaped.response).toEqual({ Items: [] });
  });

  it('drops items past the byte share, then the counts, keeping the total', () => {
    // Prepare
    const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
    const whole = shapeResponse(RESPONSE, INSTANCES);
    const twoItems = shapeResponse(RESPONSE, { ...INSTANCES, max_items: 2 });
    // Act
    const cut = shapeResponse(RESPONSE, INSTANCES, (shaped) => size(shaped) <= size(twoItems));
    const tiny = shapeResponse(RESPONSE, INSTANCES, (shaped) => size(shaped) <= 10);
    // Assess
    expect(size(whole)).toBeGreaterThan(size(twoItems));
    expect(cut).toEqual(twoItems);
    expect(tiny).toEqual({ response: { Reservations: [{ Instances: [] }] }, total: 5, omitted: 5 });
  });

  it('answers an empty shape when the items are not where the path says', () => {
    expect(shapeResponse({ Functions: 'nope' }, { items: 'Functions[]' })).toEqual({
      response: { Functions: [] },
      total: 0,
      omitted: 0,
    });
  });
});

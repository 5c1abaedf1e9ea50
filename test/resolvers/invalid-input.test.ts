import { z } from 'zod';
import { invalidInput } from '../../src/resolvers/errors';

const failure = (schema: z.ZodType, value: unknown) => {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error('expected the value to be refused');
  return invalidInput(parsed.error);
};

describe('invalid input messages', () => {
  it('name a settings field as the settings page does, say the bound in words, and count what else is wrong', () => {
    const settings = z.object({ settings: z.object({ splitLimit: z.object({ fractionOfCapacity: z.number().max(1) }), staleDays: z.number().min(1) }) });
    const error = failure(settings, { settings: { splitLimit: { fractionOfCapacity: 3 }, staleDays: 0 } });
    expect(error.message).toBe('Split above (share of capacity): must be at most 1 (and 1 more to fix)');
    expect(error.field).toBe('settings.splitLimit.fractionOfCapacity');
  });

  it('say which type was expected, and list positions from 1', () => {
    const error = failure(z.object({ items: z.array(z.object({ points: z.number() })) }), { items: [{ points: 1 }, { points: 'x' }] });
    expect(error.message).toBe('Items › #2 › points: must be a number, not a string');
    expect(error.field).toBe('items.1.points');
    expect(failure(z.array(z.number()), 'x').message).toBe('The request: must be an array, not a string');
  });
});

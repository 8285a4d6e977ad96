import { expect, it } from 'vitest';
import { checkLayers } from './check-layers.mjs';

it('imports follow the layer order and go through public entries', () => {
  expect(checkLayers()).toEqual([]);
});

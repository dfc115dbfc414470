import type { Annotation } from './annotation';

/** Test data only (not exported from the library). */
const rows = (list: readonly (readonly [string, string, string])[]): Annotation[] =>
  list.map(([rater, task, label]) => ({ task, rater, label }));

/**
 * crowd-kit tests/conftest.py `simple_answers_df` ("imitates real toloka answers": four good
 * workers, a fraudster who always answers parrot, a careless worker) and `simple_ground_truth`;
 * crowd-kit's test_aggregate_ds_on_simple expects DawidSkene to recover the ground truth.
 */
const P = '1231239876--5fac0d234ffb2f3b00893';
export const simpleAnswers = rows([
  ['bde3b214b06c1efa6cb1bc6284dc72d2', `${P}eec`, 'goose'],
  ['bde3b214b06c1efa6cb1bc6284dc72d2', `${P}efb`, 'parrot'],
  ['bde3b214b06c1efa6cb1bc6284dc72d2', `${P}f03`, 'goose'],
  ['bde3b214b06c1efa6cb1bc6284dc72d2', `${P}f05`, 'goose'],
  ['bde3b214b06c1efa6cb1bc6284dc72d2', `${P}f02`, 'parrot'],
  ['bde3b214b06c1efa6cb1bc6284dc72d2', `${P}f08`, 'parrot'],
  ['b17c3301ad2ccbb798716fdd405d16e8', `${P}efb`, 'parrot'],
  ['b17c3301ad2ccbb798716fdd405d16e8', `${P}ee8`, 'chicken'],
  ['b17c3301ad2ccbb798716fdd405d16e8', `${P}f07`, 'parrot'],
  ['b17c3301ad2ccbb798716fdd405d16e8', `${P}efd`, 'chicken'],
  ['b17c3301ad2ccbb798716fdd405d16e8', `${P}ee4`, 'chicken'],
  ['b17c3301ad2ccbb798716fdd405d16e8', `${P}f03`, 'goose'],
  ['a452e450f913cfa987cad58d50393718', `${P}ee8`, 'chicken'],
  ['a452e450f913cfa987cad58d50393718', `${P}eec`, 'goose'],
  ['a452e450f913cfa987cad58d50393718', `${P}f05`, 'goose'],
  ['a452e450f913cfa987cad58d50393718', `${P}f02`, 'parrot'],
  ['a452e450f913cfa987cad58d50393718', `${P}f08`, 'parrot'],
  ['0f65edea0a6dc7b9acba1dea313bbb3d', `${P}eec`, 'goose'],
  ['0f65edea0a6dc7b9acba1dea313bbb3d', `${P}ee8`, 'chicken'],
  ['0f65edea0a6dc7b9acba1dea313bbb3d', `${P}f03`, 'goose'],
  ['0f65edea0a6dc7b9acba1dea313bbb3d', `${P}ee4`, 'chicken'],
  ['0c3eb7d5fcc414db137c4180a654c06e', `${P}eec`, 'parrot'],
  ['0c3eb7d5fcc414db137c4180a654c06e', `${P}efb`, 'parrot'],
  ['0c3eb7d5fcc414db137c4180a654c06e', `${P}f07`, 'parrot'],
  ['0c3eb7d5fcc414db137c4180a654c06e', `${P}efd`, 'parrot'],
  ['0c3eb7d5fcc414db137c4180a654c06e', `${P}ee4`, 'parrot'],
  ['0c3eb7d5fcc414db137c4180a654c06e', `${P}f05`, 'parrot'],
  ['e563e2fb32fce9f00123a65a1bc78c55', `${P}efb`, 'parrot'],
  ['e563e2fb32fce9f00123a65a1bc78c55', `${P}ee8`, 'goose'],
  ['e563e2fb32fce9f00123a65a1bc78c55', `${P}f02`, 'parrot'],
  ['e563e2fb32fce9f00123a65a1bc78c55', `${P}f08`, 'parrot'],
  ['e563e2fb32fce9f00123a65a1bc78c55', `${P}f07`, 'parrot'],
  ['e563e2fb32fce9f00123a65a1bc78c55', `${P}efd`, 'goose'],
]);
export const simpleTruth: Record<string, string> = {
  [`${P}eec`]: 'goose',
  [`${P}f03`]: 'goose',
  [`${P}f05`]: 'goose',
  [`${P}efb`]: 'parrot',
  [`${P}f02`]: 'parrot',
  [`${P}f08`]: 'parrot',
  [`${P}f07`]: 'parrot',
  [`${P}ee8`]: 'chicken',
  [`${P}efd`]: 'chicken',
  [`${P}ee4`]: 'chicken',
};

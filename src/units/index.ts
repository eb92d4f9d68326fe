/** Units at the edge: parse strings with units into SI numbers, format SI numbers for people. */
export { parseQuantity, quantity, QUANTITY_KINDS, type QuantityKind, type Parsed } from './quantity.ts';
export * from './format.ts';

/** Plain numbers in SI base units, named for intent. */
export type Seconds = number;
export type Bytes = number;
export type BytesPerSecond = number;
export type OpsPerSecond = number;
export type Flop = number;
export type FlopPerSecond = number;
export type Dollars = number;

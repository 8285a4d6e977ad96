/** @pymm/objects: CPython 3.11 object layouts and sizes (first part of the objects layer). */
export {
  LAYOUT_311, intDigits, intRequestBytes, intSizeof, strKind, strBytes, bytesBytes, tupleBytes, listResize, listSizeof,
  usableFraction, log2Keysize, dictKeysBytes, dictLog2AfterInserts, dictSizeof, setTableAfterInserts, setSizeof, getsizeof,
  inlineValuesRequestBytes,
} from './layout.js';
export type { Layout } from './layout.js';

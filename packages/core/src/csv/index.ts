export { toCsv, csvCell, type CsvColumn } from './to-csv.ts';

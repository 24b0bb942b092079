/**
 * An ILIKE/LIKE pattern for "contains `text`": the text's own `%`, `_` and `\` match themselves,
 * not any run or any character (Postgres' default escape character is the backslash).
 */
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

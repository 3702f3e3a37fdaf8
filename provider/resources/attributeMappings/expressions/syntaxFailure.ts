/**
 * Why an expression was refused, and where: `position` is a 0-based index into the expression's text, from 0 to
 * its length (the length itself meaning "at the end", as for a missing closing parenthesis). `token` is the text
 * at fault as written (possibly long; cut it before showing it).
 */
export interface SyntaxFailure {
  readonly message: string;
  readonly position: number;
  readonly token: string;
}

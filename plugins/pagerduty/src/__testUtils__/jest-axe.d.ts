// jest-axe ships no types and @types/jest-axe is not installed: the little the tests use.
declare module 'jest-axe' {
  export function axe(
    html: Element | string,
    options?: unknown,
  ): Promise<unknown>;
}

declare module 'jest-axe/extend-expect';

declare namespace jest {
  interface Matchers<R> {
    toHaveNoViolations(): R;
  }
}

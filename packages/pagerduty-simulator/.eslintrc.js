module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // Contract-test helpers (expectRest/expectEvents) assert through expect().
    'jest/expect-expect': [
      'warn',
      { assertFunctionNames: ['expect', 'expect*'] },
    ],
  },
});

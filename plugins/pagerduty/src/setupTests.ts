import '@testing-library/jest-dom';
import 'jest-axe/extend-expect';
import { configure } from '@testing-library/react';

// Component tests are CPU-bound (jsdom, MUI styles, the test app): on a shared 2-core machine
// with the other core busy, the first render of a file alone can take several seconds. Nothing
// here waits on real time (timers are faked where the code waits), so generous limits only
// change how long a broken test takes to fail, never whether it passes.
jest.setTimeout(60_000);
configure({ asyncUtilTimeout: 20_000 });

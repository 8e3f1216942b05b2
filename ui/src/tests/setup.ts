import '@testing-library/jest-dom/vitest';
import { afterEach } from 'vitest';
import { takeUnanswered } from './canned';

// A command a test did not expect is a finding, not noise: the screen asked the core for
// something the test knows nothing about. The component may have swallowed the rejection
// into a toast, so it is checked here, after every test.
afterEach(() => {
  const missing = takeUnanswered();
  if (missing.length > 0) {
    throw new Error(`Commands called without a canned reply: ${[...new Set(missing)].join(', ')}`);
  }
});

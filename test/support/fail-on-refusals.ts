import { afterEach } from 'vitest';
import { failOnRefusals } from './refusals.ts';

// A screen Slack refuses is a screen the person never sees: the test that sent it fails.
afterEach(() => failOnRefusals());

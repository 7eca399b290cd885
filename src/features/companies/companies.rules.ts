import { z } from 'zod';

export const organizationNameSchema = z
  .string()
  .trim()
  .min(1, 'Enter the company name.')
  .max(100, 'A company name has at most 100 characters.');

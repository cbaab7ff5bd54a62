// Imported first by main.tsx: zod compiles fast parsers with `new Function` unless told not to, and
// its probe for that is a script-src 'unsafe-eval' violation under our Content-Security-Policy.
import { z } from 'zod';

z.config({ jitless: true });

/**
 * The years the calendar carries data for. Adding a year: a new yYYYY.ts, an entry here, and a new
 * CALENDAR_VERSION (../index.ts) — a case records the version that computed its deadlines.
 */
import type { YearData } from './types';
import { Y2024 } from './y2024';
import { Y2025 } from './y2025';
import { Y2026 } from './y2026';
import { Y2027 } from './y2027';
import { Y2028 } from './y2028';
import { Y2029 } from './y2029';

export type { Transfer, YearData } from './types';

export const CALENDAR_YEARS: readonly YearData[] = [Y2024, Y2025, Y2026, Y2027, Y2028, Y2029];

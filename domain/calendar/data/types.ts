/**
 * One year of calendar data: what the rules in ../rules.ts cannot compute. Each year's sources are
 * cited in its file; where we are not sure, the file says so.
 */
import type { LocalDate } from '../time';

export interface Transfer {
  /** The weekend day made a working day by the transfer. */
  workingDay: LocalDate;
  /** The weekday that becomes a day off instead. */
  dayOff: LocalDate;
  /** The act that made the transfer (Labour Code art. 85(3)). */
  act: string;
}

export interface YearData {
  year: number;
  /** First day of Kurban Ait, announced each year (Spiritual Administration of Muslims of Kazakhstan). */
  kurbanAit: LocalDate;
  transfers: readonly Transfer[];
  /** Where each fact for this year comes from. */
  sources: readonly string[];
  /** Disagreements between sources, uncertainties, and the choices made. */
  notes: readonly string[];
}

/**
 * The State Corporation's branches (service centres, ХҚКО) where the counter channel runs: data, not code.
 * seed 001 ¶9(1) names the State Corporation, not its branches; these three are ours (a demo set; a
 * deployment lists its own). Each branch has its own electronic queue and its own operators: an
 * operator's token names one branch (api/auth.ts), and acting on another branch's ticket is refused.
 * Kernel: imports nothing from services/.
 */
import { z } from 'zod';

export interface Branch {
  id: string;
  name: { kk: string; ru: string; en: string };
  city: string;
}

/** ours: the embedded default set (seed 001 is silent on branches). */
export const BRANCHES: readonly Branch[] = [
  {
    id: 'astana-yesil',
    name: { kk: 'Есіл ауданының ХҚКО', ru: 'ЦОН Есильского района', en: 'Yesil district service centre' },
    city: 'Astana',
  },
  {
    id: 'almaty-almaly',
    name: { kk: 'Алмалы ауданының ХҚКО', ru: 'ЦОН Алмалинского района', en: 'Almaly district service centre' },
    city: 'Almaty',
  },
  {
    id: 'shymkent-abay',
    name: { kk: 'Абай ауданының ХҚКО', ru: 'ЦОН Абайского района', en: 'Abay district service centre' },
    city: 'Shymkent',
  },
];

export const BRANCH_IDS = BRANCHES.map((b) => b.id) as [string, ...string[]];

export const BranchIdSchema = z.enum(BRANCH_IDS);

export function branchOf(id: string): Branch | undefined {
  return BRANCHES.find((b) => b.id === id);
}

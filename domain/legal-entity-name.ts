/**
 * Legal forms of commercial legal entities and the legal-entity registry's name key.
 *
 * The forms: Civil Code art. 34(2) — a commercial organization is created only as a state enterprise, a
 * business partnership, a joint-stock company or a production cooperative; Law "On business partnerships"
 * (No. 2255 of 1995) art. 1(2) — a business partnership is a full partnership, a limited (commandite)
 * partnership, a limited liability partnership or an additional liability partnership. The state
 * enterprise is left out: it is not private (services choose their own scope from this list, e.g.
 * seed 000 ¶4 leaves out the joint-stock company). The abbreviations are the customary Russian and Kazakh
 * ones (ours: no act lists them).
 *
 * The name key (seed 000 ¶5.12: a name already registered is refused): legal-form abbreviations, quotes
 * and spacing do not make a name new.
 */

export const COMMERCIAL_LEGAL_FORMS = {
  'limited-liability-partnership': {
    en: 'limited liability partnership',
    ru: 'товарищество с ограниченной ответственностью',
    kk: 'жауапкершілігі шектеулі серіктестік',
    abbreviations: { en: 'LLP', ru: 'ТОО', kk: 'ЖШС' },
  },
  'additional-liability-partnership': {
    en: 'additional liability partnership',
    ru: 'товарищество с дополнительной ответственностью',
    kk: 'қосымша жауапкершілігі бар серіктестік',
    abbreviations: { en: 'ALP', ru: 'ТДО', kk: 'ҚЖС' },
  },
  'full-partnership': {
    en: 'full partnership',
    ru: 'полное товарищество',
    kk: 'толық серіктестік',
    abbreviations: { en: 'FP', ru: 'ПТ', kk: 'ТС' },
  },
  'limited-partnership': {
    en: 'limited (commandite) partnership',
    ru: 'коммандитное товарищество',
    kk: 'сенім серіктестігі',
    abbreviations: { en: 'LP', ru: 'КТ', kk: 'СС' },
  },
  'production-cooperative': {
    en: 'production cooperative',
    ru: 'производственный кооператив',
    kk: 'өндірістік кооператив',
    abbreviations: { en: 'PC', ru: 'ПК', kk: 'ӨК' },
  },
  'joint-stock-company': {
    en: 'joint-stock company',
    ru: 'акционерное общество',
    kk: 'акционерлік қоғам',
    abbreviations: { en: 'JSC', ru: 'АО', kk: 'АҚ' },
  },
} as const;
export type CommercialLegalForm = keyof typeof COMMERCIAL_LEGAL_FORMS;

/** The registered name with its form, as the registry and the documents print it: ТОО «Dala Tech», ЖШС «Dala Tech». */
export function nameWithLegalForm(name: string, form: CommercialLegalForm): { ru: string; kk: string } {
  const a = COMMERCIAL_LEGAL_FORMS[form].abbreviations;
  return { ru: `${a.ru} «${name}»`, kk: `${a.kk} «${name}»` };
}

// The Russian and Kazakh abbreviations of every form, and the English ones in use (FP, LP, PC are ours and
// too common in names to strip).
const LEGAL_FORM_ABBREVIATIONS = new Set([
  ...Object.values(COMMERCIAL_LEGAL_FORMS).flatMap((f) => [f.abbreviations.ru.toLowerCase(), f.abbreviations.kk.toLowerCase()]),
  'llp',
  'alp',
  'jsc',
  'too',
  'ало',
  'товарищество',
  'серіктестік',
]);

/** "Qazaq Digital" LLP, ТОО «Qazaq Digital», ПК «Qazaq Digital», qazaq  digital → the same registry key. */
export function normalizeLegalEntityName(name: string): string {
  return name
    .toLowerCase()
    .replace(/["«»“”'`.,]/g, ' ')
    .split(/\s+/)
    .filter((w) => w !== '' && !LEGAL_FORM_ABBREVIATIONS.has(w))
    .join(' ');
}

/**
 * The simulated banks: BIC, the 3-digit code inside a Kazakh IBAN, branches, and each bank's own risk
 * list (a bank refuses to open an account when a founder or member of the executive body is on it —
 * seed 000 ¶3 lets a bank refuse under the Law "On payments and payment systems").
 */
export interface SimulatedBank {
  name: string;
  ibanBankCode: string;
  branches: string[];
  /** IIN → the bank's reason (internal sanctions / blocked-persons list). */
  riskList: Record<string, string>;
}

export const SIMULATED_BANKS: Record<string, SimulatedBank> = {
  HSBKKZKX: {
    name: 'Halyk Bank',
    ibanBankCode: '601',
    branches: ['HSBK-ALA-01', 'HSBK-AST-01'],
    riskList: { '881102400154': 'founder is on the bank’s blocked-persons list (AML/CFT)' },
  },
  KCJBKZKX: { name: 'Bank CenterCredit', ibanBankCode: '826', branches: ['KCJB-ALA-01', 'KCJB-AST-02'], riskList: {} },
  CASPKZKA: { name: 'Kaspi Bank', ibanBankCode: '722', branches: ['CASP-ALA-01'], riskList: {} },
  IRTYKZKA: { name: 'ForteBank', ibanBankCode: '965', branches: ['IRTY-AST-01'], riskList: {} },
};

/** ISO 13616 check digits for a Kazakh IBAN (KZkk + 3-digit bank code + 13 characters). */
export function kazakhIban(ibanBankCode: string, account13: string): string {
  const bban = `${ibanBankCode}${account13}`.toUpperCase();
  const rearranged = `${bban}KZ00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rem = 0;
  for (const ch of rearranged) rem = (rem * 10 + Number(ch)) % 97;
  return `KZ${String(98 - rem).padStart(2, '0')}${bban}`;
}

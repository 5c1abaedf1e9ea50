import type { MessageKey } from '../../shared/i18n';

export type WsjfPart = 'businessValue' | 'timeCriticality' | 'riskReduction' | 'jobSize';
export interface WsjfColumn {
  part: WsjfPart;
  /** Column header ("BV"), title ("Business value") and the words inside a sentence ("business value"). */
  short: MessageKey;
  long: MessageKey;
  inline: MessageKey;
}

/** The four WSJF parts as the Backlog's columns and the normalise dialog's choices. */
export const PART_COLUMNS: WsjfColumn[] = [
  { part: 'businessValue', short: 'panel.wsjf.bv.short', long: 'panel.wsjf.bv.long', inline: 'panel.wsjf.bv.inline' },
  { part: 'timeCriticality', short: 'panel.wsjf.tc.short', long: 'panel.wsjf.tc.long', inline: 'panel.wsjf.tc.inline' },
  { part: 'riskReduction', short: 'panel.wsjf.rr.short', long: 'panel.wsjf.rr.long', inline: 'panel.wsjf.rr.inline' },
  { part: 'jobSize', short: 'panel.wsjf.size.short', long: 'panel.wsjf.size.long', inline: 'panel.wsjf.size.inline' },
];

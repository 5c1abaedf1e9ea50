import type { CapacityText, PlanFlag } from '../domain';
import { sentMessage, sentPlural, type SentMessage } from '../contracts/messages';

/** A plan flag as the UI gets it: English, and by catalog key (`plan.flag.*`) for the reader's language. */
export function flagMessage(flag: Pick<PlanFlag, 'text'>): SentMessage {
  const { text } = flag;
  switch (text.id) {
    case 'hiddenNeededBy':
    case 'hiddenDependsOn':
      return sentPlural(`plan.flag.${text.id}`, text.params.count);
    default:
      return sentMessage(`plan.flag.${text.id}`, text.params);
  }
}

/** How an iteration's capacity was derived, by catalog key (`capacity.detail.*`): its English is the domain's `detail`. */
export function capacityMessage(text: CapacityText): SentMessage {
  return sentMessage(`capacity.detail.${text.id}`, text.params);
}

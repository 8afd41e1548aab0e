// The machine-readable part of a delivery status notification (RFC 3464):
// blocks of `Field: value` lines, one per message and then one per recipient.
// mailparser folds a message/delivery-status part into the text unless asked
// to keep it, so this reads either that part or the text.

export interface DeliveryStatus {
  /** Recipients whose delivery failed for good (`Action: failed`). */
  failed: string[];
  /** Recipients only delayed (`Action: delayed`): not a bounce yet. */
  delayed: string[];
  /** Recipient blocks read, whatever their action (delivered and relayed too). */
  reported: number;
  /** The first failed recipient's Diagnostic-Code, else its Status. */
  diagnostic: string | null;
}

const MAX_SCANNED = 64 * 1024;

/** Unfolded `field: value` lines of one block, field lower-cased. */
function fieldsOf(block: string[]): Map<string, string> {
  const fields = new Map<string, string>();
  let last: string | null = null;
  for (const line of block) {
    if (last !== null && (line.startsWith(' ') || line.startsWith('\t'))) {
      fields.set(last, `${fields.get(last)} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    last = line.slice(0, colon).trim().toLowerCase();
    fields.set(last, line.slice(colon + 1).trim());
  }
  return fields;
}

/** `rfc822; jane@example.org` → `jane@example.org`. */
function addressOf(value: string): string {
  const semi = value.indexOf(';');
  return (semi >= 0 ? value.slice(semi + 1) : value).trim().replace(/^<|>$/g, '');
}

/** `smtp; 550 5.1.1 …` → `550 5.1.1 …`. */
function diagnosticOf(value: string): string {
  const semi = value.indexOf(';');
  return (semi >= 0 ? value.slice(semi + 1) : value).trim();
}

export function readDeliveryStatus(text: string): DeliveryStatus {
  const lines = text.slice(0, MAX_SCANNED).split(/\r?\n/);
  const blocks: string[][] = [[]];
  for (const line of lines) {
    if (line.trim() === '') blocks.push([]);
    else blocks[blocks.length - 1]!.push(line);
  }
  const status: DeliveryStatus = { failed: [], delayed: [], reported: 0, diagnostic: null };
  for (const block of blocks) {
    const fields = fieldsOf(block);
    const recipient = fields.get('final-recipient') ?? fields.get('original-recipient');
    const action = fields.get('action')?.toLowerCase();
    if (!recipient || !action) continue;
    const address = addressOf(recipient);
    status.reported++;
    if (action.startsWith('failed')) {
      if (!status.failed.includes(address)) status.failed.push(address);
      const diagnostic = fields.get('diagnostic-code') ?? fields.get('status');
      if (status.diagnostic === null && diagnostic) status.diagnostic = diagnosticOf(diagnostic);
    } else if (action.startsWith('delayed') && !status.delayed.includes(address)) {
      status.delayed.push(address);
    }
  }
  return status;
}

/** Does the text look like a delivery failure notice a person reads (Postfix, Exim, Exchange, Gmail)? */
export function looksLikeFailureNotice(text: string): boolean {
  const head = text.slice(0, MAX_SCANNED).toLowerCase();
  return [
    'final-recipient:',
    'delivery has failed',
    'could not be delivered',
    'couldn\'t be delivered',
    'was not delivered',
    'delivery to the following recipient',
    'undeliverable',
    'permanent error',
    'permanent fatal error',
    'message could not be delivered',
    'address not found',
    'user unknown',
    'mailbox unavailable',
  ].some((sign) => head.includes(sign));
}

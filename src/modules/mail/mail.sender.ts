// The display name beside our own address: mail reads as coming from the press
// office (or the organisation), never from the software that sends it.

/** An office's From name: the mail display name an admin set, else the office's name ("UNICEF Media Malaysia"). */
export function officeSenderName(office: { name: string; mailDisplayName?: string | null }): string {
  const chosen = office.mailDisplayName?.trim();
  return chosen ? chosen : office.name;
}

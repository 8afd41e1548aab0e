// Staff notifications: what desk, intake and inbound mail use to tell officers
// about an inquiry, now or in their hourly digest.
export { deferDigestAlerts, splitDigestAlerts, dutyOfficerAddress, noticeFacts, notifyFollowUp, notifyStaff, type NoticeFacts, type Notified, type NotifyDeps } from './notify.usecases.js';
export { DIGEST_CRONTAB, SEND_DIGESTS_TASK, sendDigestsTask, type DigestDeps } from './digest.task.js';
export { digestItemsInsert, type DigestItem } from './digest.repository.js';

// Package mail sends Paperwire's mail: the digest, saved-search alerts,
// subscription confirmations and account mail (address verification,
// password reset).
//
// Every message goes through the outbox in the database (store.MailStore):
// it is rendered once, queued under a key that makes it unique (one digest
// per subscriber per period), and sent by a Worker that leases rows so two
// instances never send the same one, retries temporary SMTP failures with
// backoff and stops mailing an address after repeated permanent refusals.
// Composing and speaking SMTP are github.com/wneessen/go-mail's job.
package mail

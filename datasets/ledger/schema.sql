-- ledger: a payments platform with double-entry bookkeeping, January 2023 to March 2025.

CREATE TABLE accounts (
    account_id integer PRIMARY KEY,
    owner_name text NOT NULL,
    kind       varchar(10) NOT NULL,
    currency   varchar(3) NOT NULL,
    status     varchar(10) NOT NULL,
    opened_at  timestamp NOT NULL,
    closed_at  timestamp
);
COMMENT ON TABLE accounts IS 'Accounts that hold money: customers, merchants and the platform''s own system accounts.';
COMMENT ON COLUMN accounts.account_id IS 'Identifier of the account.';
COMMENT ON COLUMN accounts.owner_name IS 'Person, company or purpose the account belongs to.';
COMMENT ON COLUMN accounts.kind IS 'customer, merchant or system.';
COMMENT ON COLUMN accounts.currency IS 'ISO 4217 currency of the account: EUR, USD or GBP.';
COMMENT ON COLUMN accounts.status IS 'active, frozen or closed.';
COMMENT ON COLUMN accounts.opened_at IS 'When the account was opened.';
COMMENT ON COLUMN accounts.closed_at IS 'When the account was closed; NULL unless status is closed.';

CREATE TABLE transfers (
    transfer_id     bigint PRIMARY KEY,
    from_account_id integer NOT NULL REFERENCES accounts (account_id),
    to_account_id   integer NOT NULL REFERENCES accounts (account_id),
    amount          numeric(14,2) NOT NULL,
    currency        varchar(3) NOT NULL,
    status          varchar(10) NOT NULL,
    created_at      timestamp NOT NULL,
    completed_at    timestamp,
    description     text
);
COMMENT ON TABLE transfers IS 'Requests to move money from one account to another of the same currency.';
COMMENT ON COLUMN transfers.transfer_id IS 'Identifier of the transfer, in order of creation.';
COMMENT ON COLUMN transfers.from_account_id IS 'Account debited.';
COMMENT ON COLUMN transfers.to_account_id IS 'Account credited.';
COMMENT ON COLUMN transfers.amount IS 'Amount moved, always positive.';
COMMENT ON COLUMN transfers.currency IS 'Currency of the amount (that of both accounts).';
COMMENT ON COLUMN transfers.status IS 'pending, completed, failed or reversed (completed, then undone).';
COMMENT ON COLUMN transfers.created_at IS 'When the transfer was requested.';
COMMENT ON COLUMN transfers.completed_at IS 'When the money moved; NULL for pending and failed transfers. Can fall on the next day, month or year.';
COMMENT ON COLUMN transfers.description IS 'Free text from the sender; NULL when not given, empty string when sent blank.';

CREATE TABLE ledger_entries (
    entry_id    bigint PRIMARY KEY,
    transfer_id bigint NOT NULL REFERENCES transfers (transfer_id),
    account_id  integer NOT NULL REFERENCES accounts (account_id),
    direction   varchar(6) NOT NULL,
    amount      numeric(14,2) NOT NULL,
    entry_kind  varchar(10) NOT NULL,
    posted_at   timestamp NOT NULL
);
COMMENT ON TABLE ledger_entries IS 'Double-entry bookkeeping: each movement is one debit and one credit, and the amounts of a transfer sum to zero.';
COMMENT ON COLUMN ledger_entries.entry_id IS 'Identifier of the entry, in order of posting.';
COMMENT ON COLUMN ledger_entries.transfer_id IS 'Transfer that caused the entry.';
COMMENT ON COLUMN ledger_entries.account_id IS 'Account whose balance changes.';
COMMENT ON COLUMN ledger_entries.direction IS 'debit (money leaves the account) or credit (money arrives).';
COMMENT ON COLUMN ledger_entries.amount IS 'Signed amount: negative for a debit, positive for a credit.';
COMMENT ON COLUMN ledger_entries.entry_kind IS 'transfer for the original movement, reversal for the movement that undoes it.';
COMMENT ON COLUMN ledger_entries.posted_at IS 'When the entry was posted.';

CREATE TABLE idempotency_keys (
    idempotency_key varchar(64) NOT NULL,
    request_hash    varchar(64) NOT NULL,
    first_seen_at   timestamp NOT NULL,
    last_seen_at    timestamp NOT NULL,
    hit_count       integer NOT NULL,
    transfer_id     bigint REFERENCES transfers (transfer_id),
    PRIMARY KEY (idempotency_key, request_hash)
);
COMMENT ON TABLE idempotency_keys IS 'Idempotency keys sent by API clients with transfer requests. A retry with the same key and body is answered from here; a key reused with another body is refused.';
COMMENT ON COLUMN idempotency_keys.idempotency_key IS 'Key chosen by the client.';
COMMENT ON COLUMN idempotency_keys.request_hash IS 'SHA-256 (hex) of the request body.';
COMMENT ON COLUMN idempotency_keys.first_seen_at IS 'First request with this key and body.';
COMMENT ON COLUMN idempotency_keys.last_seen_at IS 'Latest request with this key and body.';
COMMENT ON COLUMN idempotency_keys.hit_count IS 'Number of requests with this key and body (retries included).';
COMMENT ON COLUMN idempotency_keys.transfer_id IS 'Transfer created by the first request; NULL when the request was refused.';

CREATE TABLE webhook_deliveries (
    delivery_id    bigint PRIMARY KEY,
    event_id       varchar(40) NOT NULL,
    event_type     varchar(40) NOT NULL,
    transfer_id    bigint NOT NULL REFERENCES transfers (transfer_id),
    endpoint_url   text NOT NULL,
    attempt_number integer NOT NULL,
    status_code    integer,
    delivered_at   timestamp NOT NULL,
    UNIQUE (event_id, endpoint_url, attempt_number)
);
COMMENT ON TABLE webhook_deliveries IS 'Attempts to notify merchants of transfer events; failed attempts are retried with growing delays, up to seven attempts.';
COMMENT ON COLUMN webhook_deliveries.delivery_id IS 'Identifier of the attempt.';
COMMENT ON COLUMN webhook_deliveries.event_id IS 'Event being delivered; the same event goes to every endpoint of the merchant.';
COMMENT ON COLUMN webhook_deliveries.event_type IS 'transfer.completed, transfer.failed or transfer.reversed.';
COMMENT ON COLUMN webhook_deliveries.transfer_id IS 'Transfer the event is about.';
COMMENT ON COLUMN webhook_deliveries.endpoint_url IS 'Merchant endpoint called.';
COMMENT ON COLUMN webhook_deliveries.attempt_number IS 'Attempt number for this event and endpoint, from 1.';
COMMENT ON COLUMN webhook_deliveries.status_code IS 'HTTP status returned; NULL when the call timed out. 2xx means delivered.';
COMMENT ON COLUMN webhook_deliveries.delivered_at IS 'When the attempt was made.';

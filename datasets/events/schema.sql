-- events: product analytics of a web app, January 2024 to March 2025.

CREATE TABLE users (
    user_id             integer PRIMARY KEY,
    signed_up_at        timestamp NOT NULL,
    country             varchar(2),
    plan                varchar(10) NOT NULL,
    acquisition_channel text
);
COMMENT ON TABLE users IS 'Registered users; a few were imported and never visited.';
COMMENT ON COLUMN users.user_id IS 'Identifier of the user, in order of signup.';
COMMENT ON COLUMN users.signed_up_at IS 'When the account was created.';
COMMENT ON COLUMN users.country IS 'ISO 3166 two-letter country code; NULL when unknown.';
COMMENT ON COLUMN users.plan IS 'Current plan: free, pro or team.';
COMMENT ON COLUMN users.acquisition_channel IS 'How the user found the app; NULL when not tracked, empty string when the signup form sent it blank.';

CREATE TABLE sessions (
    session_id bigint PRIMARY KEY,
    user_id    integer NOT NULL REFERENCES users (user_id),
    started_at timestamp NOT NULL,
    ended_at   timestamp,
    device     varchar(10) NOT NULL
);
COMMENT ON TABLE sessions IS 'Visits: consecutive activity of one user on one device.';
COMMENT ON COLUMN sessions.session_id IS 'Identifier of the session, in order of start.';
COMMENT ON COLUMN sessions.user_id IS 'User of the session (the one who signs up during it, for a first visit).';
COMMENT ON COLUMN sessions.started_at IS 'When the session began.';
COMMENT ON COLUMN sessions.ended_at IS 'When it ended; NULL when the client never closed it.';
COMMENT ON COLUMN sessions.device IS 'desktop, mobile or tablet.';

CREATE TABLE events (
    event_id    bigint PRIMARY KEY,
    session_id  bigint NOT NULL REFERENCES sessions (session_id),
    user_id     integer REFERENCES users (user_id),
    event_type  varchar(20) NOT NULL,
    occurred_at timestamp NOT NULL,
    page_path   text,
    properties  text
);
COMMENT ON TABLE events IS 'Tracked actions. Client retries left some duplicates: same session, type and time, different event_id.';
COMMENT ON COLUMN events.event_id IS 'Identifier given on arrival; not in time order across sessions.';
COMMENT ON COLUMN events.session_id IS 'Session the event belongs to.';
COMMENT ON COLUMN events.user_id IS 'User; NULL for anonymous events before the signup event of a first visit.';
COMMENT ON COLUMN events.event_type IS 'page_view, click, add_to_cart, purchase or signup.';
COMMENT ON COLUMN events.occurred_at IS 'When it happened, to the millisecond.';
COMMENT ON COLUMN events.page_path IS 'Path of the page the event happened on.';
COMMENT ON COLUMN events.properties IS 'JSON object with event details (text); NULL for page views.';

-- Orders, their lines with the price each was sold at, the status history, the outbox that
-- carries order events out, idempotency records of POST /orders, and promotion redemptions.
-- Amounts are in the currency's minor units (bigint), never floating point.

CREATE TABLE orders (
    id                text        PRIMARY KEY,
    member_id         text        NOT NULL,
    cart_id           text        NOT NULL,
    status            text        NOT NULL CHECK (status IN ('pending', 'awaiting_payment_action', 'confirmed', 'shipped', 'delivered', 'cancelled', 'failed')),
    currency          char(3)     NOT NULL,
    subtotal          bigint      NOT NULL CHECK (subtotal >= 0),
    discount          bigint      NOT NULL CHECK (discount >= 0),
    shipping          bigint      NOT NULL CHECK (shipping >= 0),
    shipping_discount bigint      NOT NULL CHECK (shipping_discount >= 0),
    tax               bigint      NOT NULL CHECK (tax >= 0),
    total             bigint      NOT NULL CHECK (total >= 0),
    shipping_option   text        NOT NULL,
    shipping_address  jsonb       NOT NULL,
    payment_method    text        NOT NULL CHECK (payment_method IN ('card', 'bank_transfer')),
    payment_token     text        NOT NULL,
    promotion_codes   text[]      NOT NULL DEFAULT '{}',
    pricing           jsonb       NOT NULL,
    version           integer     NOT NULL DEFAULT 1,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL
);

-- A member's orders, newest first (GET /orders pages on it).
CREATE INDEX orders_by_member ON orders (member_id, created_at DESC, id DESC);

CREATE TABLE order_lines (
    order_id    text    NOT NULL REFERENCES orders (id),
    line_no     integer NOT NULL,
    sku         text    NOT NULL,
    product_id  text    NOT NULL,
    seller_id   text    NOT NULL,
    name        text    NOT NULL,
    options     jsonb   NOT NULL DEFAULT '{}',
    quantity    integer NOT NULL CHECK (quantity > 0),
    unit_price  bigint  NOT NULL CHECK (unit_price >= 0),
    subtotal    bigint  NOT NULL CHECK (subtotal >= 0),
    discount    bigint  NOT NULL CHECK (discount >= 0),
    total       bigint  NOT NULL CHECK (total >= 0),
    PRIMARY KEY (order_id, line_no)
);

CREATE TABLE order_status_history (
    order_id text        NOT NULL REFERENCES orders (id),
    seq      integer     NOT NULL,
    status   text        NOT NULL,
    reason   text,
    at       timestamptz NOT NULL,
    PRIMARY KEY (order_id, seq)
);

-- Written in the same transaction as the change it announces; the relay publishes and marks it.
CREATE TABLE outbox (
    id           bigserial   PRIMARY KEY,
    event_id     uuid        NOT NULL UNIQUE,
    aggregate_id text        NOT NULL,
    type         text        NOT NULL,
    payload      jsonb       NOT NULL,
    created_at   timestamptz NOT NULL,
    published_at timestamptz,
    attempts     integer     NOT NULL DEFAULT 0,
    last_error   text
);

CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;

-- POST /orders idempotency: one row per member and key, kept 24 hours.
CREATE TABLE idempotency_keys (
    member_id      text        NOT NULL,
    key            text        NOT NULL,
    request_hash   bytea       NOT NULL,
    state          text        NOT NULL CHECK (state IN ('in_progress', 'completed')),
    lease          uuid        NOT NULL,
    locked_until   timestamptz NOT NULL,
    order_id       text,
    response       jsonb,
    created_at     timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL,
    PRIMARY KEY (member_id, key)
);

CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);

-- Usage of promotion codes, counted in the order's transaction so limits hold under concurrency.
CREATE TABLE promotion_usage (
    code  text    PRIMARY KEY,
    used  integer NOT NULL CHECK (used >= 0)
);

CREATE TABLE promotion_redemptions (
    code      text        NOT NULL,
    order_id  text        NOT NULL REFERENCES orders (id),
    member_id text        NOT NULL,
    at        timestamptz NOT NULL,
    PRIMARY KEY (code, order_id)
);

CREATE INDEX promotion_redemptions_by_member ON promotion_redemptions (code, member_id);

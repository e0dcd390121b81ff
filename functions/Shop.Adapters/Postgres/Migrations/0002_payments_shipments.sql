-- The checkout saga: each order's payment as the provider reports it, the task tokens of
-- checkout steps waiting for a callback, provider webhook events already applied, and shipments
-- with their tracking events.

CREATE TABLE payments (
    order_id     text        PRIMARY KEY REFERENCES orders (id),
    payment_id   text        NOT NULL UNIQUE,
    method       text        NOT NULL CHECK (method IN ('card', 'bank_transfer')),
    status       text        NOT NULL CHECK (status IN ('authorized', 'requires_action', 'awaiting_transfer', 'declined', 'captured', 'voided', 'refunded', 'failed')),
    amount       bigint      NOT NULL CHECK (amount > 0),
    currency     char(3)     NOT NULL,
    decline_code text,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);

-- One waiting step per order and kind; whoever resolves the wait deletes the row as it reads it.
CREATE TABLE checkout_callbacks (
    order_id   text        NOT NULL REFERENCES orders (id),
    kind       text        NOT NULL CHECK (kind IN ('payment', 'review', 'shipment')),
    task_token text        NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (order_id, kind)
);

-- Provider event ids applied, so a redelivered webhook changes nothing.
CREATE TABLE payment_webhook_events (
    event_id    text        PRIMARY KEY,
    payment_id  text        NOT NULL,
    type        text        NOT NULL,
    received_at timestamptz NOT NULL
);

CREATE INDEX payment_webhook_events_received ON payment_webhook_events (received_at);

CREATE TABLE shipments (
    id              text        PRIMARY KEY,
    order_id        text        NOT NULL UNIQUE REFERENCES orders (id),
    location        text        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('created', 'picked', 'packed', 'shipped', 'delivered')),
    tracking_number text,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);

CREATE TABLE shipment_events (
    shipment_id     text        NOT NULL REFERENCES shipments (id),
    seq             integer     NOT NULL,
    status          text        NOT NULL,
    tracking_number text,
    at              timestamptz NOT NULL,
    PRIMARY KEY (shipment_id, seq)
);

-- The fraud check counts a payment token's recent orders.
CREATE INDEX orders_by_payment_token ON orders (payment_token, created_at);

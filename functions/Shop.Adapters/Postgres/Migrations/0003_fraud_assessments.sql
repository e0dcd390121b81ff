-- The fraud check's verdict on each order it assessed: the score, the decision and the rules that
-- fired, so an analyst reviewing a held order (GET /admin/orders/held) and anyone auditing a
-- refused one can see why. A retried fraud step replaces its order's row.

CREATE TABLE fraud_assessments (
    order_id    text        PRIMARY KEY REFERENCES orders (id),
    decision    text        NOT NULL CHECK (decision IN ('approve', 'review', 'reject')),
    score       integer     NOT NULL CHECK (score BETWEEN 0 AND 100),
    reasons     text[]      NOT NULL,
    assessed_at timestamptz NOT NULL
);

-- The review queue: waiting reviews, longest waiting first.
CREATE INDEX checkout_callbacks_by_kind ON checkout_callbacks (kind, created_at, order_id);

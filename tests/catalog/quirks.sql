-- The traps interview questions hinge on, one check per block, over the built-in datasets.
-- A block starts with a line `-- <dataset>: <what>`; its query (DuckDB SQL) must return a
-- single row holding TRUE.

-- shop: customers with no orders
SELECT count(*) >= 100
FROM customers c
WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id);

-- shop: NULL and empty emails
SELECT count(*) FILTER (WHERE email IS NULL) > 0 AND count(*) FILTER (WHERE email = '') > 0
FROM customers;

-- shop: NULL and empty cities
SELECT count(*) FILTER (WHERE city IS NULL) > 0 AND count(*) FILTER (WHERE city = '') > 0
FROM customers;

-- shop: the same email in two letter cases
SELECT count(*) > 0
FROM (SELECT lower(email) FROM customers WHERE email <> ''
      GROUP BY lower(email) HAVING count(DISTINCT email) > 1);

-- shop: a few very heavy customers
SELECT max(n) > 20 * median(n) FROM (SELECT count(*) AS n FROM orders GROUP BY customer_id);

-- shop: tied prices
SELECT max(n) >= 10 FROM (SELECT count(*) AS n FROM products GROUP BY price);

-- shop: every status
SELECT list_sort(list(DISTINCT status)) = ['cancelled', 'delivered', 'placed', 'returned', 'shipped']
FROM orders;

-- shop: orders across the year boundary, at midnight
SELECT count(*) FILTER (WHERE ordered_at = TIMESTAMP '2024-01-01 00:00:00') = 1
   AND count(*) FILTER (WHERE ordered_at = TIMESTAMP '2023-12-31 23:59:59') = 1
FROM orders;

-- shop: orders span January 2023 to March 2025
SELECT min(ordered_at) < TIMESTAMP '2023-01-08' AND max(ordered_at) > TIMESTAMP '2025-03-30'
FROM orders;

-- shop: failed payments retried, then succeeded
SELECT count(DISTINCT order_id) > 100
FROM payments p
WHERE status = 'failed'
  AND EXISTS (SELECT 1 FROM payments s
              WHERE s.order_id = p.order_id AND s.status = 'succeeded'
                AND s.attempted_at > p.attempted_at);

-- shop: orders paid in two parts
SELECT count(*) > 0
FROM (SELECT order_id FROM payments WHERE status = 'succeeded'
      GROUP BY order_id HAVING count(*) = 2);

-- shop: partial refunds
SELECT count(*) > 0 FROM refunds r JOIN payments p USING (payment_id) WHERE r.amount < p.amount;

-- shop: refunds never exceed what was paid
SELECT bool_and(refunded <= paid)
FROM (SELECT order_id, sum(amount) AS refunded FROM refunds GROUP BY order_id)
JOIN (SELECT order_id, sum(amount) AS paid FROM payments WHERE status = 'succeeded'
      GROUP BY order_id) USING (order_id);

-- shop: unit prices differ from the current list price
SELECT count(*) > 1000
FROM order_items i JOIN products p USING (product_id)
WHERE i.unit_price <> p.price;

-- shop: products never sold
SELECT count(*) > 0
FROM products p
WHERE NOT EXISTS (SELECT 1 FROM order_items i WHERE i.product_id = p.product_id);

-- shop: no order before its customer registered
SELECT count(*) = 0
FROM orders o JOIN customers c USING (customer_id)
WHERE o.ordered_at < c.created_at;

-- events: at least a million events
SELECT count(*) >= 1000000 FROM events;

-- events: a calendar day without events
SELECT count(*) >= 1
FROM range(DATE '2024-01-01', DATE '2025-04-01', INTERVAL 1 DAY) AS d(day)
WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.occurred_at::DATE = d.day::DATE);

-- events: sessions on the outage day, without events
SELECT count(*) > 0 AND bool_and(NOT EXISTS (SELECT 1 FROM events e
                                             WHERE e.session_id = s.session_id))
FROM sessions s
WHERE s.started_at >= TIMESTAMP '2024-07-14' AND s.started_at < TIMESTAMP '2024-07-14 22:00';

-- events: duplicate events with different ids
SELECT count(*) > 100
FROM (SELECT session_id, event_type, occurred_at FROM events GROUP BY ALL HAVING count(*) > 1);

-- events: events exactly at midnight on month and year boundaries
SELECT count(*) FILTER (WHERE occurred_at = TIMESTAMP '2025-01-01 00:00:00') >= 1
   AND count(DISTINCT occurred_at) FILTER (WHERE day(occurred_at) = 1
                                           AND occurred_at::TIME = TIME '00:00:00') >= 12
FROM events;

-- events: a power law of activity
SELECT max(n) > 50 * median(n) FROM (SELECT count(*) AS n FROM sessions GROUP BY user_id);

-- events: users without sessions
SELECT count(*) > 0
FROM users u
WHERE NOT EXISTS (SELECT 1 FROM sessions s WHERE s.user_id = u.user_id);

-- events: anonymous events before the signup
SELECT count(*) > 0 FROM events WHERE user_id IS NULL;

-- events: NULL and empty acquisition channels
SELECT count(*) FILTER (WHERE acquisition_channel IS NULL) > 0
   AND count(*) FILTER (WHERE acquisition_channel = '') > 0
FROM users;

-- events: every event type
SELECT list_sort(list(DISTINCT event_type)) = ['add_to_cart', 'click', 'page_view', 'purchase', 'signup']
FROM events;

-- events: signup events happen at the user's signup time
SELECT count(*) > 19000 AND bool_and(e.occurred_at = u.signed_up_at)
FROM events e JOIN users u USING (user_id)
WHERE e.event_type = 'signup';

-- ledger: entries sum to zero per transfer
SELECT bool_and(total = 0)
FROM (SELECT sum(amount) AS total FROM ledger_entries GROUP BY transfer_id);

-- ledger: one debit and one credit per completed transfer
SELECT bool_and(debits = 1 AND credits = 1)
FROM (SELECT t.transfer_id,
             count(*) FILTER (WHERE direction = 'debit') AS debits,
             count(*) FILTER (WHERE direction = 'credit') AS credits
      FROM transfers t JOIN ledger_entries e USING (transfer_id)
      WHERE t.status = 'completed'
      GROUP BY ALL);

-- ledger: failed and pending transfers have no entries
SELECT count(*) = 0
FROM transfers t JOIN ledger_entries e USING (transfer_id)
WHERE t.status IN ('failed', 'pending');

-- ledger: reversals
SELECT count(*) > 0 FROM ledger_entries WHERE entry_kind = 'reversal';

-- ledger: completed in the next month, just after midnight
SELECT count(*) > 0
FROM transfers
WHERE date_trunc('month', created_at) <> date_trunc('month', completed_at)
  AND completed_at::TIME < TIME '00:00:10';

-- ledger: idempotency keys retried
SELECT count(*) > 0 FROM idempotency_keys WHERE hit_count > 1 AND last_seen_at > first_seen_at;

-- ledger: idempotency keys reused with another request
SELECT count(*) > 0
FROM (SELECT idempotency_key FROM idempotency_keys
      GROUP BY idempotency_key HAVING count(DISTINCT request_hash) > 1);

-- ledger: webhooks retried up to seven times, some never delivered
SELECT max(attempts) = 7 AND count(*) FILTER (WHERE NOT delivered) > 0
FROM (SELECT event_id, endpoint_url, max(attempt_number) AS attempts,
             bool_or(status_code BETWEEN 200 AND 299) AS delivered
      FROM webhook_deliveries GROUP BY ALL);

-- ledger: webhook timeouts have no status code
SELECT count(*) > 0 FROM webhook_deliveries WHERE status_code IS NULL;

-- ledger: NULL and empty descriptions
SELECT count(*) FILTER (WHERE description IS NULL) > 0
   AND count(*) FILTER (WHERE description = '') > 0
FROM transfers;

-- ledger: transfers stay within one currency
SELECT bool_and(t.currency = f.currency AND t.currency = r.currency)
FROM transfers t
JOIN accounts f ON f.account_id = t.from_account_id
JOIN accounts r ON r.account_id = t.to_account_id;

-- ledger: customer and merchant balances are never negative
SELECT count(*) = 0
FROM (SELECT account_id, sum(amount) AS balance FROM ledger_entries GROUP BY account_id)
JOIN accounts USING (account_id)
WHERE kind <> 'system' AND balance < 0;

-- org: exactly one employee without a manager
SELECT count(*) = 1 FROM employees WHERE manager_id IS NULL;

-- org: a reporting tree at least five levels deep that reaches everyone
WITH RECURSIVE chain AS (
    SELECT employee_id, 1 AS depth FROM employees WHERE manager_id IS NULL
    UNION ALL
    SELECT e.employee_id, c.depth + 1 FROM employees e JOIN chain c ON e.manager_id = c.employee_id
)
SELECT max(depth) >= 5 AND count(*) = (SELECT count(*) FROM employees) FROM chain;

-- org: departments without employees
SELECT count(*) >= 2
FROM departments d
WHERE NOT EXISTS (SELECT 1 FROM employees e WHERE e.department_id = d.department_id);

-- org: employees without a department
SELECT count(*) > 0 FROM employees WHERE department_id IS NULL;

-- org: one current salary per current employee
SELECT bool_and(n = 1) AND count(*) = (SELECT count(*) FROM employees WHERE termination_date IS NULL)
FROM (SELECT employee_id, count(*) AS n FROM salary_history
      WHERE effective_to IS NULL GROUP BY ALL);

-- org: people who left have no current salary
SELECT count(*) > 0 AND bool_and(s.employee_id IS NULL)
FROM employees e
LEFT JOIN salary_history s ON s.employee_id = e.employee_id AND s.effective_to IS NULL
WHERE e.termination_date IS NOT NULL;

-- org: salary periods follow each other without gaps
SELECT bool_and(effective_to = next_from)
FROM (SELECT effective_to,
             lead(effective_from) OVER (PARTITION BY employee_id ORDER BY effective_from)
                 AS next_from
      FROM salary_history)
WHERE next_from IS NOT NULL;

-- org: tied current salaries
SELECT max(n) >= 5
FROM (SELECT count(*) AS n FROM salary_history WHERE effective_to IS NULL GROUP BY salary);

-- org: Finance's best-paid current employee is alone; the second place is a tie
SELECT s[1] > s[2] AND s[2] = s[3] AND s[3] > s[4]
FROM (SELECT list(salary ORDER BY salary DESC) AS s
      FROM salary_history JOIN employees USING (employee_id)
      WHERE effective_to IS NULL AND department_id = 6);

-- org: hire dates shared by cohorts
SELECT max(n) >= 3 FROM (SELECT count(*) AS n FROM employees GROUP BY hire_date);

-- shop: an online store selling household goods across Europe, January 2023 to March 2025.

CREATE TABLE customers (
    customer_id      integer PRIMARY KEY,
    email            varchar(255),
    first_name       text NOT NULL,
    last_name        text NOT NULL,
    city             text,
    country          varchar(2) NOT NULL,
    created_at       timestamp NOT NULL,
    marketing_opt_in boolean NOT NULL
);
COMMENT ON TABLE customers IS 'Registered customer accounts; some never placed an order.';
COMMENT ON COLUMN customers.customer_id IS 'Identifier of the customer, in order of registration.';
COMMENT ON COLUMN customers.email IS 'Email address; NULL when never given, empty string when the customer deleted it. Not unique: a few people registered twice with different letter case.';
COMMENT ON COLUMN customers.first_name IS 'Given name.';
COMMENT ON COLUMN customers.last_name IS 'Family name.';
COMMENT ON COLUMN customers.city IS 'City of the default address; NULL when unknown, empty string when left blank.';
COMMENT ON COLUMN customers.country IS 'ISO 3166 two-letter country code.';
COMMENT ON COLUMN customers.created_at IS 'When the account was registered.';
COMMENT ON COLUMN customers.marketing_opt_in IS 'Whether the customer accepts marketing email.';

CREATE TABLE products (
    product_id   integer PRIMARY KEY,
    sku          varchar(20) NOT NULL UNIQUE,
    name         text NOT NULL,
    category     varchar(40) NOT NULL,
    price        numeric(10,2) NOT NULL,
    launched_on  date NOT NULL,
    discontinued boolean NOT NULL
);
COMMENT ON TABLE products IS 'The catalogue; some products have never been sold.';
COMMENT ON COLUMN products.product_id IS 'Identifier of the product.';
COMMENT ON COLUMN products.sku IS 'Stock keeping unit, unique.';
COMMENT ON COLUMN products.name IS 'Product name as shown in the shop.';
COMMENT ON COLUMN products.category IS 'Catalogue category.';
COMMENT ON COLUMN products.price IS 'Current list price in euros; many products share a price point.';
COMMENT ON COLUMN products.launched_on IS 'First day the product could be ordered.';
COMMENT ON COLUMN products.discontinued IS 'True when the product can no longer be ordered.';

CREATE TABLE orders (
    order_id     integer PRIMARY KEY,
    customer_id  integer NOT NULL REFERENCES customers (customer_id),
    ordered_at   timestamp NOT NULL,
    status       varchar(20) NOT NULL,
    shipped_at   timestamp,
    delivered_at timestamp
);
COMMENT ON TABLE orders IS 'One checkout by one customer.';
COMMENT ON COLUMN orders.order_id IS 'Identifier of the order, in order of checkout.';
COMMENT ON COLUMN orders.customer_id IS 'Customer who placed the order.';
COMMENT ON COLUMN orders.ordered_at IS 'Checkout time (shop local time, no time zone).';
COMMENT ON COLUMN orders.status IS 'placed, shipped, delivered, cancelled or returned.';
COMMENT ON COLUMN orders.shipped_at IS 'When the parcel left the warehouse; NULL if it never did.';
COMMENT ON COLUMN orders.delivered_at IS 'When the parcel arrived; NULL if it has not (yet).';

CREATE TABLE order_items (
    order_id   integer NOT NULL REFERENCES orders (order_id),
    line_no    integer NOT NULL,
    product_id integer NOT NULL REFERENCES products (product_id),
    quantity   integer NOT NULL,
    unit_price numeric(10,2) NOT NULL,
    PRIMARY KEY (order_id, line_no)
);
COMMENT ON TABLE order_items IS 'Lines of an order; the same product can appear on two lines of one order.';
COMMENT ON COLUMN order_items.order_id IS 'The order this line belongs to.';
COMMENT ON COLUMN order_items.line_no IS 'Position of the line in the order, from 1.';
COMMENT ON COLUMN order_items.product_id IS 'Product ordered.';
COMMENT ON COLUMN order_items.quantity IS 'Number of units.';
COMMENT ON COLUMN order_items.unit_price IS 'Price of one unit when ordered; differs from the current list price after price changes and sales.';

CREATE TABLE payments (
    payment_id   integer PRIMARY KEY,
    order_id     integer NOT NULL REFERENCES orders (order_id),
    attempted_at timestamp NOT NULL,
    method       varchar(20) NOT NULL,
    amount       numeric(10,2) NOT NULL,
    status       varchar(20) NOT NULL
);
COMMENT ON TABLE payments IS 'Payment attempts: failed attempts are retried, and some orders are paid in two parts.';
COMMENT ON COLUMN payments.payment_id IS 'Identifier of the attempt.';
COMMENT ON COLUMN payments.order_id IS 'Order being paid.';
COMMENT ON COLUMN payments.attempted_at IS 'When the attempt was made.';
COMMENT ON COLUMN payments.method IS 'card, paypal, bank_transfer or gift_card.';
COMMENT ON COLUMN payments.amount IS 'Amount attempted in euros.';
COMMENT ON COLUMN payments.status IS 'succeeded or failed.';

CREATE TABLE refunds (
    refund_id   integer PRIMARY KEY,
    order_id    integer NOT NULL REFERENCES orders (order_id),
    payment_id  integer NOT NULL REFERENCES payments (payment_id),
    refunded_at timestamp NOT NULL,
    amount      numeric(10,2) NOT NULL,
    reason      text
);
COMMENT ON TABLE refunds IS 'Money given back, in full or in part; an order can have several refunds.';
COMMENT ON COLUMN refunds.refund_id IS 'Identifier of the refund.';
COMMENT ON COLUMN refunds.order_id IS 'Order refunded.';
COMMENT ON COLUMN refunds.payment_id IS 'Successful payment the money goes back to.';
COMMENT ON COLUMN refunds.refunded_at IS 'When the refund was issued.';
COMMENT ON COLUMN refunds.amount IS 'Amount refunded in euros (positive).';
COMMENT ON COLUMN refunds.reason IS 'Why; NULL when not recorded.';

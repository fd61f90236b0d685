package io.ebbflow.examples.kafka;

import java.io.Serializable;

/**
 * One order, as the orders topic carries it: a JSON line such as
 * {@code {"orderId":17,"customer":"c-3","amountCents":1250,"time":1765000000000}} (amounts in cents, so sums are exact).
 */
public record Order(long orderId, String customer, long amountCents, long time) implements Serializable {
}

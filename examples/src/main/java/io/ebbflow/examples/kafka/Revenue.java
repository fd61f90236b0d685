package io.ebbflow.examples.kafka;

import java.io.Serializable;
import java.util.Locale;

/** A customer's revenue in one window: what OrderRevenue writes, as a JSON line. */
public record Revenue(String customer, long windowStart, long windowEnd, long orders, long amountCents) implements Serializable {

    /** {@code {"customer":"c-3","windowStart":...,"windowEnd":...,"orders":4,"amountCents":5000}}. */
    public String toJson() {
        return String.format(Locale.ROOT, "{\"customer\":\"%s\",\"windowStart\":%d,\"windowEnd\":%d,\"orders\":%d,"
                + "\"amountCents\":%d}", customer.replace("\\", "\\\\").replace("\"", "\\\""), windowStart, windowEnd,
                orders, amountCents);
    }
}

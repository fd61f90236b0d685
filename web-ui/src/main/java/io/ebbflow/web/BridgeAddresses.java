package io.ebbflow.web;

import io.ebbflow.core.protocol.Addresses;
import io.vertx.ext.bridge.PermittedOptions;
import java.util.regex.Pattern;

/** What the event-bus bridges let through: the status addresses out, the query addresses in (TCP only). */
final class BridgeAddresses {

    private BridgeAddresses() {
    }

    /** Every status address, {@code ebbflow.status.*}: what bridge clients may receive. */
    static PermittedOptions status() {
        return under(Addresses.STATUS);
    }

    /** Every query address, {@code ebbflow.query.*}: what TCP bridge clients may send to. */
    static PermittedOptions queries() {
        return under(Addresses.QUERY);
    }

    static boolean isQuery(String address) {
        return address != null && address.startsWith(Addresses.QUERY);
    }

    private static PermittedOptions under(String prefix) {
        return new PermittedOptions().setAddressRegex(Pattern.quote(prefix) + ".+");
    }
}

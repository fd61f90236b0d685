package io.ebbflow.core.config.options;

import io.ebbflow.core.config.ConfigOption;
import io.ebbflow.core.config.MemorySize;
import io.ebbflow.core.config.Ranges;
import java.time.Duration;

/** Request/reply over the clustered event bus. */
public final class RpcOptions {

    private RpcOptions() {
    }

    public static final ConfigOption<Duration> ASK_TIMEOUT = ConfigOption.key("rpc.ask-timeout")
            .durationType().defaultValue(Duration.ofSeconds(10))
            .fallbackKeys("pekko.ask.timeout", "akka.ask.timeout")
            .validate("a positive duration", Ranges.positive())
            .withDescription("Timeout of every request between services (slot requests, offers, registrations). "
                    + "Flink's 'pekko.ask.timeout' is read as well.");

    public static final ConfigOption<MemorySize> MAX_MESSAGE_SIZE = ConfigOption.key("rpc.max-message-size")
            .memoryType().defaultValue(MemorySize.ofMebiBytes(10))
            .fallbackKeys("pekko.framesize", "akka.framesize")
            .validate("between 64 kb and 1 gb", Ranges.memoryBetween(MemorySize.ofKibiBytes(64), MemorySize.ofMebiBytes(1024)))
            .withDescription("Largest control message a service accepts; a larger one is refused with an error "
                    + "reply that says so. Flink's 'pekko.framesize' is read as well.");
}

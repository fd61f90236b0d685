package io.ebbflow.core.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * The default logging of every Ebbflow service, set up in code: one line per event on stdout, the root level from
 * {@code -Debbflow.log.level} (INFO by default), Hazelcast, Netty and Vert.x quieter. Logback finds this through
 * its configurator service before it looks for a {@code logback.xml}; setting it up in code spares each service
 * start parsing XML and building logback's configuration model (about a quarter of a second of CPU per JVM, when
 * five start together on two cores).
 *
 * <p>{@code -Dlogback.configurationFile=path/to/logback.xml} still replaces all of it, as with any logback
 * application.
 */
public final class DefaultLogging extends ContextAwareBase implements Configurator {

    /** The pattern of every line: time, level, thread, logger, message. */
    public static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n";

    /** Loggers quieter (or louder) than the root. */
    static final Map<String, Level> LEVELS = Map.ofEntries(
            Map.entry("com.hazelcast", Level.WARN),
            Map.entry("com.hazelcast.internal.cluster.ClusterService", Level.INFO),
            Map.entry("com.hazelcast.internal.cluster.impl.MembershipManager", Level.INFO),
            Map.entry("com.hazelcast.cp", Level.ERROR),
            Map.entry("com.hazelcast.internal.server.tcp.TcpServerConnectionErrorHandler", Level.ERROR),
            // Expected after a member dies: Hazelcast and the event bus still try it once; not worth a stack trace.
            Map.entry("com.hazelcast.spi.impl.operationservice", Level.ERROR),
            Map.entry("com.hazelcast.internal.server.tcp.TcpServerConnection", Level.ERROR),
            Map.entry("com.hazelcast.internal.partition.InternalPartitionService", Level.ERROR),
            Map.entry("io.vertx.core.eventbus.impl.clustered.ClusteredEventBus", Level.ERROR),
            Map.entry("io.micrometer.core.instrument.MeterRegistry", Level.ERROR),
            Map.entry("io.netty", Level.WARN),
            Map.entry("io.vertx", Level.INFO));

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY; // the user's file
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
        stdout.setContext(context);
        stdout.setName("STDOUT");
        stdout.setEncoder(encoder);
        stdout.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getProperty("ebbflow.log.level", "INFO"), Level.INFO));
        root.addAppender(stdout);
        LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}

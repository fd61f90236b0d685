package io.ebbflow.core.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

class DefaultLoggingTest {

    @Test
    void oneLinePerEventOnStdoutWithQuieterLibraries() {
        LoggerContext context = new LoggerContext();
        assertThat(new DefaultLogging().configure(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(root.getAppender("STDOUT")).isInstanceOfSatisfying(ConsoleAppender.class,
                a -> assertThat(a.isStarted()).isTrue());
        assertThat(context.getLogger("com.hazelcast.map.impl.Anything").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("com.hazelcast.internal.cluster.ClusterService").getEffectiveLevel())
                .isEqualTo(Level.INFO);
        assertThat(context.getLogger("io.ebbflow.rm.SlotManager").getEffectiveLevel()).isEqualTo(Level.INFO);
    }

    @Test
    void theRootLevelComesFromEbbflowLogLevelAndAUsersFileReplacesEverything() {
        String before = System.getProperty("ebbflow.log.level");
        try {
            System.setProperty("ebbflow.log.level", "WARN");
            LoggerContext context = new LoggerContext();
            new DefaultLogging().configure(context);
            assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.WARN);
        } finally {
            restore("ebbflow.log.level", before);
        }
        String file = System.getProperty("logback.configurationFile");
        try {
            System.setProperty("logback.configurationFile", "/tmp/mine.xml");
            LoggerContext context = new LoggerContext();
            assertThat(new DefaultLogging().configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
            assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT")).isNull();
        } finally {
            restore("logback.configurationFile", file);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}

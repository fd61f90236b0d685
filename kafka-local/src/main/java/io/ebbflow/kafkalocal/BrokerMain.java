package io.ebbflow.kafkalocal;

import java.util.Optional;

/**
 * The broker JVM's entry point: runs {@code kafka.Kafka} with the given {@code server.properties}, and exits when
 * the process that started it has gone, so a test JVM killed with {@code kill -9} leaves no broker behind.
 * Arguments: the parent's PID, then Kafka's own arguments.
 */
public final class BrokerMain {

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        long parent = Long.parseLong(args[0]);
        Optional<ProcessHandle> handle = ProcessHandle.of(parent);
        if (handle.isEmpty()) {
            System.err.println("kafka-local: the process that started this broker (pid " + parent + ") is gone");
            System.exit(1);
        }
        handle.get().onExit().thenRun(() -> {
            System.err.println("kafka-local: the process that started this broker (pid " + parent + ") exited; "
                    + "stopping");
            System.exit(0);
        });
        String[] kafkaArgs = new String[args.length - 1];
        System.arraycopy(args, 1, kafkaArgs, 0, kafkaArgs.length);
        Class.forName("kafka.Kafka").getMethod("main", String[].class).invoke(null, (Object) kafkaArgs);
    }
}

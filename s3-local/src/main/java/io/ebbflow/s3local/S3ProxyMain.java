package io.ebbflow.s3local;

import java.util.Optional;

/**
 * The S3Proxy JVM's entry point: runs {@code org.gaul.s3proxy.Main} with the given arguments, and exits when the
 * process that started it has gone, so a test JVM killed with {@code kill -9} leaves no server behind.
 * Arguments: the parent's PID, then S3Proxy's own arguments.
 */
public final class S3ProxyMain {

    private S3ProxyMain() {
    }

    public static void main(String[] args) throws Exception {
        long parent = Long.parseLong(args[0]);
        Optional<ProcessHandle> handle = ProcessHandle.of(parent);
        if (handle.isEmpty()) {
            System.err.println("s3-local: the process that started this server (pid " + parent + ") is gone");
            System.exit(1);
        }
        handle.get().onExit().thenRun(() -> {
            System.err.println("s3-local: the process that started this server (pid " + parent + ") exited; stopping");
            System.exit(0);
        });
        String[] rest = new String[args.length - 1];
        System.arraycopy(args, 1, rest, 0, rest.length);
        Class.forName("org.gaul.s3proxy.Main").getMethod("main", String[].class).invoke(null, (Object) rest);
    }
}

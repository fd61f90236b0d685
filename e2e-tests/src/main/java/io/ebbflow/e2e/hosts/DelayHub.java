package io.ebbflow.e2e.hosts;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A switch with latency and cuts per port, for machines whose kernel has no traffic control ({@code tc qdisc
 * ... netem} unknown, as on this project's VMs): a small Python process ({@code delay-hub.py}) holding one TAP
 * device per port, forwarding Ethernet frames between them and holding back each port's frames for its delay.
 * It exits when this JVM does (its stdin closes) and its TAP devices go with it.
 */
final class DelayHub implements AutoCloseable {

    private final Process process;
    private final BufferedWriter in;
    private final BufferedReader out;

    private DelayHub(Process process) {
        this.process = process;
        this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts the hub with a TAP device per name (port i is {@code taps.get(i)}); returns once they exist. */
    static DelayHub start(List<String> taps) throws IOException {
        Path script = Files.createTempFile("ebbflow-delay-hub", ".py");
        try (InputStream s = DelayHub.class.getResourceAsStream("delay-hub.py")) {
            if (s == null) {
                throw new IOException("delay-hub.py is missing from the classpath");
            }
            Files.write(script, s.readAllBytes());
        }
        script.toFile().deleteOnExit();
        List<String> cmd = new ArrayList<>(List.of("python3", script.toString()));
        cmd.addAll(taps);
        DelayHub hub = new DelayHub(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        String first = hub.out.readLine();
        if (!"ready".equals(first)) {
            hub.close();
            throw new IOException("the delay hub did not start (python3 with /dev/net/tun needed): " + first);
        }
        return hub;
    }

    /** Frames sent from {@code port} reach the others {@code base} +- {@code jitter} later (uniform, in order). */
    void delay(int port, Duration base, Duration jitter) throws IOException {
        command("delay " + port + " " + base.toMillis() + " " + jitter.toMillis());
    }

    /** Nothing goes in or out of {@code port} until {@link #heal}. */
    void cut(int port) throws IOException {
        command("cut " + port);
    }

    void heal(int port) throws IOException {
        command("heal " + port);
    }

    private synchronized void command(String line) throws IOException {
        in.write(line);
        in.newLine();
        in.flush();
        String answer = out.readLine();
        if (!"ok".equals(answer)) {
            throw new IOException("delay hub: '" + line + "' answered " + answer);
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // the hub exits on end of input anyway; it is killed below if not
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}

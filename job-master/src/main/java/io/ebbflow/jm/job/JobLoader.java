package io.ebbflow.jm.job;

import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.graph.StreamGraph;
import io.ebbflow.core.config.ConfigException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Loads a job the way Flink's application mode does: the job jar in a class loader of its own (parent
 * first, so the program sees Ebbflow's API), the program's {@code main(args)} run on a thread of its
 * own, and the dataflow it hands to {@code execute()} captured. {@code execute()} does not return to the
 * program: the JobMaster runs the job from here on.
 */
public final class JobLoader {

    /** A loaded job. */
    public record LoadedJob(StreamGraph graph, URLClassLoader classLoader, Path jar, String sha256) {
    }

    /** Thrown inside {@code execute()} to leave the program once its dataflow is captured. */
    private static final class Captured extends Error {
        Captured() {
            super("job captured", null, false, false);
        }
    }

    private JobLoader() {
    }

    /**
     * @throws ConfigException if the jar or class cannot be used or the program fails before {@code execute()}
     */
    public static LoadedJob load(Path jar, String mainClass, String[] args) {
        if (!Files.isRegularFile(jar)) {
            throw new ConfigException("job jar '" + jar + "' does not exist or is not a file");
        }
        URLClassLoader loader;
        Method main;
        try {
            loader = new URLClassLoader("job", new URL[] {jar.toUri().toURL()}, JobLoader.class.getClassLoader());
            Class<?> c = Class.forName(mainClass, true, loader);
            main = c.getMethod("main", String[].class);
            if (!Modifier.isStatic(main.getModifiers())) {
                throw new ConfigException("'" + mainClass + "'.main is not static");
            }
        } catch (ClassNotFoundException e) {
            throw new ConfigException("job class '" + mainClass + "' is not in " + jar);
        } catch (NoSuchMethodException e) {
            throw new ConfigException("job class '" + mainClass + "' has no 'public static void main(String[])'");
        } catch (java.io.IOException | LinkageError e) {
            throw new ConfigException("cannot load job class '" + mainClass + "' from " + jar + ": " + e);
        }
        AtomicReference<StreamGraph> captured = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        StreamExecutionEnvironment.setContextExecutor(graph -> {
            captured.set(graph);
            throw new Captured();
        });
        Thread runner = new Thread(() -> {
            try {
                main.invoke(null, (Object) args);
            } catch (InvocationTargetException e) {
                if (!(e.getCause() instanceof Captured)) {
                    failure.set(e.getCause());
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "job-main");
        runner.setContextClassLoader(loader);
        runner.start();
        try {
            runner.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while running the job's main");
        } finally {
            StreamExecutionEnvironment.setContextExecutor(null);
        }
        if (failure.get() != null) {
            throw new ConfigException("the job's main (" + mainClass + ") failed: " + failure.get());
        }
        if (captured.get() == null) {
            throw new ConfigException("the job's main (" + mainClass + ") returned without calling execute()");
        }
        return new LoadedJob(captured.get(), loader, jar.toAbsolutePath(), sha256(jar));
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                d.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (Exception e) {
            throw new ConfigException("cannot read job jar '" + file + "': " + e.getMessage());
        }
    }
}

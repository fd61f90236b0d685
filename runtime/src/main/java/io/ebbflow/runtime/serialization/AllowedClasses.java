package io.ebbflow.runtime.serialization;

import io.ebbflow.core.security.SecurityRefusals;
import java.util.List;

/**
 * The classes a name read from bytes may resolve to: record classes on the data plane and in state files, and
 * the classes Kryo names in user code and in values it serializes. A class name from the wire is never resolved
 * against everything on the TaskExecutor's class path: it must be one of
 * <ul>
 *   <li>the job's own classes: those its per-job class loader defines from the job jar;</li>
 *   <li>the allow-list: Java's values and collections ({@code java.lang} without reflection, class loading,
 *       processes and threads; {@code java.util} without logging, preferences, jars, zips and executors;
 *       {@code java.time}, {@code java.math}, {@code java.text}, {@code java.net.URI}, charsets, SQL dates) and Ebbflow's own ({@code io.ebbflow.}: the API, the runtime's operator descriptions,
 *       the connectors);</li>
 *   <li>arrays and primitives of those.</li>
 * </ul>
 * Anything else is refused with an error naming the class (the stream or deployment fails), counted under
 * {@code ebbflow_security_refusals_total{channel="classes"}} and logged. Nothing of a refused class runs: it is
 * loaded to see where it comes from, never initialised.
 *
 * <p>A job run on Ebbflow's own class loader (in one JVM: {@code LocalJobRunner} and tests) has no classes of its
 * own that could be told apart from the class path, so there everything but the deny-list (reflection, class
 * loading, processes, threads, ...) is allowed. TaskExecutors and JobMasters always load a job from its jar with a
 * loader of its own, where the full rule applies.
 *
 * <p>Used as the class loader Kryo and {@link RecordCodec} resolve names with; it delegates to the job's loader.
 */
public final class AllowedClasses extends ClassLoader {

    private static final List<String> ALLOWED_PREFIXES = List.of("java.lang.", "java.util.", "java.time.", "java.math.",
            "java.text.", "java.net.URI", "java.nio.charset.", "java.sql.Date", "java.sql.Time", "io.ebbflow.");
    private static final List<String> DENIED_PREFIXES = List.of("java.lang.reflect.", "java.lang.invoke.",
            "java.lang.ref.", "java.lang.instrument.", "java.lang.management.", "java.lang.module.",
            "java.lang.Process", "java.lang.Runtime", "java.lang.Thread", "java.lang.ClassLoader", "java.lang.System",
            "java.lang.Class", "java.lang.Module", "java.lang.Compiler", "java.lang.SecurityManager",
            "java.lang.InheritableThreadLocal", "java.lang.ThreadLocal",
            "java.util.logging.", "java.util.prefs.", "java.util.jar.", "java.util.zip.", "java.util.ServiceLoader",
            "java.util.concurrent.Executor", "java.util.concurrent.ForkJoin", "java.util.concurrent.ThreadPool",
            "java.util.concurrent.ScheduledThreadPool", "java.util.Timer");

    private static volatile SecurityRefusals refusals = SecurityRefusals.standalone("task-executor");

    private final ClassLoader job;

    private AllowedClasses(ClassLoader job) {
        super("allowed-classes", null);
        this.job = job;
    }

    /** The filtering loader over a job's class loader (the same one if it is already filtering). */
    public static ClassLoader of(ClassLoader job) {
        return job instanceof AllowedClasses ? job : new AllowedClasses(job);
    }

    /** Where refusals are counted (the service's metrics); set once at a service's start. */
    public static void reportTo(SecurityRefusals service) {
        refusals = service;
    }

    /** The job's class loader this one filters. */
    public ClassLoader job() {
        return job;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        Class<?> c = Class.forName(name, false, job);
        if (!allowed(c)) {
            throw new ClassNotFoundException(refuse(name));
        }
        return c;
    }

    /** Counts and logs a refused class; the sentence for the error. */
    String refuse(String name) {
        refusals.refused("classes", "not-allowed", "a stream or deployment", "class " + name
                + " may not be decoded: not the job's own and not on the allow-list");
        return "class " + name + " may not be decoded from the network or from state: only the job's own classes, "
                + "Java's values and collections and Ebbflow's API are";
    }

    /** Whether a class may be named in bytes that are decoded. */
    boolean allowed(Class<?> c) {
        while (c.isArray()) {
            c = c.getComponentType();
        }
        if (c.isPrimitive()) {
            return true;
        }
        ClassLoader defining = c.getClassLoader();
        boolean ownLoader = job == AllowedClasses.class.getClassLoader();
        if (defining != null && defining == job && !ownLoader) {
            return true; // the job's own classes, from its jar
        }
        String name = c.getName();
        for (String denied : DENIED_PREFIXES) {
            if (name.startsWith(denied)) {
                return false;
            }
        }
        if (ownLoader) {
            return true; // one JVM: see the class comment
        }
        for (String prefix : ALLOWED_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}

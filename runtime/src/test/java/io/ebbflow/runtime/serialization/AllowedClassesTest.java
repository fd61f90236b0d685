package io.ebbflow.runtime.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebbflow.api.tuple.Tuple2;
import io.ebbflow.core.security.SecurityRefusals;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Class names read from a stream or from shipped user code resolve only to the job's own classes and the
 * allow-list; a hostile name (a class elsewhere on the TaskExecutor's class path, or one that runs processes or
 * loads classes) is refused before anything of it runs, and counted.
 */
class AllowedClassesTest {

    private final SecurityRefusals refusals = SecurityRefusals.standalone("task-executor");
    /** A job's own loader, as a TaskExecutor makes one for the job's jar (here a jar without classes). */
    private final ClassLoader loader = new java.net.URLClassLoader("job-1", new java.net.URL[0],
            getClass().getClassLoader());

    record Reading(String sensor, double value) {
    }

    @BeforeEach
    void countHere() {
        AllowedClasses.reportTo(refusals);
    }

    @AfterEach
    void reset() {
        AllowedClasses.reportTo(SecurityRefusals.standalone("task-executor"));
    }

    @Test
    void valuesAndCollectionsAndTheApiRoundTrip() throws IOException {
        Map<String, Object> map = new HashMap<>();
        map.put("at", Instant.ofEpochSecond(7));
        map.put("amount", new BigDecimal("1.25"));
        List<Object> records = List.of(Tuple2.of("a", 1), new Reading("s", 2.0), new ArrayList<>(List.of(1, 2)), map,
                new int[] {1, 2}, List.of("x"));

        for (Object r : records) {
            assertThat(roundTrip(r)).usingRecursiveComparison().isEqualTo(r);
        }
        assertThat(UserCodeSerializer.deserialize(UserCodeSerializer.serialize(new ArrayList<>(records), loader), loader))
                .usingRecursiveComparison().isEqualTo(records);
        assertThat(refusals.count("classes")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"java.lang.ProcessBuilder", "java.lang.Runtime", "java.lang.reflect.Proxy",
            "java.lang.invoke.MethodHandle", "java.util.logging.Logger", "javax.management.BadAttributeValueExpException",
            "com.esotericsoftware.kryo.Kryo", "io.vertx.core.Vertx", "org.slf4j.LoggerFactory", "[Ljava.lang.Thread;",
            "no.such.Clazz"})
    void aRecordStreamNamingAClassOutsideTheAllowListIsRefused(String name) {
        DataOutputBuffer out = new DataOutputBuffer(64);
        out.writeVarInt(RecordCodec.NEW_CLASS);
        out.writeString(name);
        out.writeVarInt(RecordCodec.FIRST_DYNAMIC_ID);
        byte[] bytes = out.toByteArray();

        assertThatThrownBy(() -> new RecordCodec(loader).read(new DataInputBuffer(bytes, 0, bytes.length)))
                .isInstanceOf(IOException.class).hasMessageContaining(name);
        if (!name.startsWith("no.such")) {
            assertThat(refusals.count("classes", "not-allowed")).isEqualTo(1);
        }
    }

    @Test
    void shippedUserCodeNamingAClassOutsideTheAllowListIsRefused() {
        // Kryo writes the class name as it finds it; the reading side refuses to resolve it.
        byte[] hostile = UserCodeSerializer.serialize(new ArrayList<>(List.of(new ProcessBuilder("true"))), loader);

        assertThatThrownBy(() -> UserCodeSerializer.deserialize(hostile, loader))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.ProcessBuilder");
        assertThat(refusals.count("classes", "not-allowed")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void theJobsOwnClassesFromItsJarAreAllowedWhereTheSameNameFromTheClassPathIsNot() throws Exception {
        java.net.URL jar = org.slf4j.Logger.class.getProtectionDomain().getCodeSource().getLocation();
        try (java.net.URLClassLoader job = new java.net.URLClassLoader("job-2", new java.net.URL[] {jar},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> own = Class.forName("org.slf4j.Logger", false, AllowedClasses.of(job));
            assertThat(own.getClassLoader()).isSameAs(job);
        }
        assertThatThrownBy(() -> Class.forName("org.slf4j.Logger", false, AllowedClasses.of(loader)))
                .isInstanceOf(ClassNotFoundException.class).hasMessageContaining("may not be decoded");
    }

    private Object roundTrip(Object value) throws IOException {
        DataOutputBuffer out = new DataOutputBuffer(256);
        new RecordCodec(loader).write(value, out);
        byte[] bytes = out.toByteArray();
        return new RecordCodec(loader).read(new DataInputBuffer(bytes, 0, bytes.length));
    }
}

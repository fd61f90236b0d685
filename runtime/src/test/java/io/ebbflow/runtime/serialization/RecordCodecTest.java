package io.ebbflow.runtime.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebbflow.api.functions.KeySelector;
import io.ebbflow.api.functions.MapFunction;
import io.ebbflow.api.graph.OperatorSpec;
import io.ebbflow.api.tuple.Tuple2;
import io.ebbflow.api.tuple.Tuple4;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordCodecTest {

    record Car(int id, double speed, String name, Long odometer) {
    }

    public static class Pojo {
        public String word;
        public long count;
        private List<String> tags;

        public Pojo() {
        }

        Pojo(String word, long count, List<String> tags) {
            this.word = word;
            this.count = count;
            this.tags = tags;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Pojo p && p.word.equals(word) && p.count == count && java.util.Objects.equals(p.tags, tags);
        }

        @Override
        public int hashCode() {
            return word.hashCode();
        }
    }

    enum Color { RED, GREEN }

    /** A class without a no-arg constructor: goes to Kryo. */
    static final class Opaque {
        final int x;

        Opaque(int x) {
            this.x = x;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Opaque other && other.x == x;
        }

        @Override
        public int hashCode() {
            return x;
        }
    }

    @Test
    void everySupportedKindOfRecordSurvivesAStream() throws Exception {
        Map<String, Integer> map = new HashMap<>();
        map.put("a", 1);
        List<Object> records = List.of(42L, 7, "hello wörld", 3.5, true, 1.5f, (short) 3, (byte) 4, 'x',
                new byte[] {1, 2}, Tuple2.of("word", 1), Tuple4.of(1, 50, 12.5, 1000L), new Car(1, 88.5, "a", null),
                new Pojo("w", 5, new ArrayList<>(List.of("t"))), Color.GREEN, new ArrayList<>(List.of(1L, "mixed")),
                new HashMap<>(map), LocalDate.of(2026, 11, 22), new Opaque(9), new long[] {1, 2}, Tuple2.of(null, 2));
        RecordCodec writer = new RecordCodec(getClass().getClassLoader());
        DataOutputBuffer out = new DataOutputBuffer(64);
        for (Object r : records) {
            writer.write(r, out);
        }
        // The same classes again: from now on only their short tags.
        int before = out.length();
        writer.write(new Car(2, 1, "b", 5L), out);
        writer.write(LocalDate.of(2020, 1, 1), out);

        RecordCodec reader = new RecordCodec(getClass().getClassLoader());
        DataInputBuffer in = new DataInputBuffer(out.data(), 0, out.length());
        for (Object expected : records) {
            Object actual = reader.read(in);
            if (expected instanceof byte[] b) {
                assertThat((byte[]) actual).isEqualTo(b);
            } else if (expected instanceof long[] l) {
                assertThat((long[]) actual).isEqualTo(l);
            } else {
                assertThat(actual).isEqualTo(expected);
            }
        }
        assertThat(reader.read(in)).isEqualTo(new Car(2, 1, "b", 5L));
        assertThat(reader.read(in)).isEqualTo(LocalDate.of(2020, 1, 1));
        assertThat(in.hasRemaining()).isFalse();
        assertThat(out.length() - before).as("no class names repeated").isLessThan(60);
    }

    @Test
    void aLongCostsNineBytes() throws Exception {
        RecordCodec codec = new RecordCodec(getClass().getClassLoader());
        DataOutputBuffer out = new DataOutputBuffer(64);
        codec.write(123456789L, out);
        assertThat(out.length()).isEqualTo(9);
    }

    @Test
    void nullRecordsAreRefusedAndUnknownClassesNamed() throws Exception {
        RecordCodec codec = new RecordCodec(getClass().getClassLoader());
        assertThatThrownBy(() -> codec.write(null, new DataOutputBuffer(8))).isInstanceOf(NullPointerException.class);
        DataOutputBuffer out = new DataOutputBuffer(64);
        out.writeVarInt(1);
        out.writeString("no.such.Clazz");
        out.writeVarInt(30);
        RecordCodec reader = new RecordCodec(getClass().getClassLoader());
        assertThatThrownBy(() -> reader.read(new DataInputBuffer(out.data(), 0, out.length())))
                .hasMessageContaining("no.such.Clazz is not on the job's class path");
    }

    @Test
    void userFunctionsAndLambdasShipWithKryo() {
        int offset = 10;
        MapFunction<Long, Long> lambda = v -> v + offset;
        KeySelector<Long, Long> key = v -> v % 10_000;
        OperatorSpec spec = new OperatorSpec.Map(lambda);
        byte[] bytes = UserCodeSerializer.serialize(List.of(spec, key), getClass().getClassLoader());
        @SuppressWarnings("unchecked")
        List<Object> back = (List<Object>) UserCodeSerializer.deserialize(bytes, getClass().getClassLoader());
        @SuppressWarnings("unchecked")
        MapFunction<Long, Long> f = (MapFunction<Long, Long>) ((OperatorSpec.Map) back.get(0)).function();
        @SuppressWarnings("unchecked")
        KeySelector<Long, Long> k = (KeySelector<Long, Long>) back.get(1);
        assertThat(callMap(f)).isEqualTo(15L);
        assertThat(callKey(k)).isEqualTo(2345L);
    }

    private static Long callMap(MapFunction<Long, Long> f) {
        try {
            return f.map(5L);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Long callKey(KeySelector<Long, Long> k) {
        try {
            return k.getKey(12345L);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}

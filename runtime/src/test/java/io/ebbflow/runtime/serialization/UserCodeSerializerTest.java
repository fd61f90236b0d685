package io.ebbflow.runtime.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.api.functions.MapFunction;
import java.util.List;
import org.junit.jupiter.api.Test;

/** User functions shipped to the TaskExecutors keep what they capture. */
class UserCodeSerializerTest {

    @Test
    void anAnonymousFunctionKeepsTheLocalsItCaptures() throws Exception {
        MapFunction<String, String> f = prefixer("order-", List.of(3, 4));

        @SuppressWarnings("unchecked")
        MapFunction<String, String> shipped = (MapFunction<String, String>) UserCodeSerializer.deserialize(
                UserCodeSerializer.serialize(f, getClass().getClassLoader()), getClass().getClassLoader());

        assertThat(shipped.map("x")).isEqualTo("order-x[3, 4]");
    }

    @Test
    void anAnonymousFunctionOfAnInstanceMethodKeepsItsLocalsButNotTheEnclosingInstance() throws Exception {
        String suffix = "!";
        MapFunction<String, String> f = new MapFunction<>() {
            @Override
            public String map(String value) {
                return value + suffix;
            }
        };

        @SuppressWarnings("unchecked")
        MapFunction<String, String> shipped = (MapFunction<String, String>) UserCodeSerializer.deserialize(
                UserCodeSerializer.serialize(f, getClass().getClassLoader()), getClass().getClassLoader());

        assertThat(shipped.map("x")).isEqualTo("x!");
        // The enclosing instance (here this test, in a job often the class that builds it) is not shipped, as
        // Flink's closure cleaner leaves it out when the function does not use it.
        java.lang.reflect.Field outer = shipped.getClass().getDeclaredField("this$0");
        outer.setAccessible(true);
        assertThat(outer.get(shipped)).isNull();
    }

    private static MapFunction<String, String> prefixer(String prefix, List<Integer> tags) {
        return new MapFunction<>() {
            @Override
            public String map(String value) {
                return prefix + value + tags;
            }
        };
    }
}

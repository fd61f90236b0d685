package io.ebbflow.api.utils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ParameterToolTest {

    @Test
    void readsKeysValuesAndFlags() {
        ParameterTool p = ParameterTool.fromArgs(new String[] {"--input", "in.txt", "-cars", "8", "--verbose", "--rate", "-1.5"});
        assertThat(p.get("input")).isEqualTo("in.txt");
        assertThat(p.getInt("cars", 2)).isEqualTo(8);
        assertThat(p.has("verbose")).isTrue();
        assertThat(p.get("verbose")).isNull();
        assertThat(p.getDouble("rate", 10)).isEqualTo(-1.5);
        assertThat(p.getLong("missing", 7)).isEqualTo(7);
        assertThat(p.toMap()).containsOnlyKeys("input", "cars", "verbose", "rate");
    }

    @Test
    void badInputIsNamed() {
        assertThatThrownBy(() -> ParameterTool.fromArgs(new String[] {"stray"}))
                .hasMessageContaining("'stray'").hasMessageContaining("position 0");
        ParameterTool p = ParameterTool.fromArgs(new String[] {"--cars", "many"});
        assertThatThrownBy(() -> p.getInt("cars", 1)).hasMessageContaining("--cars").hasMessageContaining("'many'");
        assertThatThrownBy(() -> p.getRequired("output")).hasMessageContaining("--output");
    }
}

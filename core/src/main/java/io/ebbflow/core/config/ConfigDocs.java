package io.ebbflow.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Generates {@code docs/configuration.md} from the option declarations. A test in core compares the
 * committed file with this output and fails when it is stale; run that test with
 * {@code -Debbflow.docs.regenerate=true} (or run this class's {@code main} with the target path) to
 * rewrite it.
 */
public final class ConfigDocs {

    private ConfigDocs() {
    }

    /** The whole document. */
    public static String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Configuration reference\n\n");
        sb.append("<!-- Generated from the option declarations in core (io.ebbflow.core.config.options). "
                + "Do not edit by hand: run `mvn -pl core test -Dtest=ConfigDocsTest -Debbflow.docs.regenerate=true`. -->\n\n");
        sb.append("Every service reads the same options: from a YAML file given with `--config config.yaml` "
                + "(flat keys such as `heartbeat.interval: 10 s` or nested maps, as in Flink's `config.yaml`), "
                + "overridden by `-Dkey=value` arguments. An unknown key, a value of the wrong type or a value "
                + "out of range stops the service at start with a message naming the key and what was expected.\n\n");
        sb.append("Durations are written `50 ms`, `10 s`, `5 min`, `1 h` (a bare number is milliseconds); "
                + "memory sizes `64 kb`, `10 mb`, `1 gb`; lists as YAML lists or comma-separated strings. "
                + "Where Flink has the same option, Ebbflow uses Flink's key and default; keys listed under "
                + "\"also read\" are older or Flink-specific names that are accepted too.\n");
        for (Map.Entry<String, List<ConfigOption<?>>> section : AllOptions.bySection().entrySet()) {
            sb.append("\n## ").append(section.getKey()).append("\n\n");
            sb.append("| Key | Default | Type | Description |\n");
            sb.append("|---|---|---|---|\n");
            for (ConfigOption<?> o : section.getValue()) {
                sb.append("| `").append(o.key()).append("` | ").append(cell(o.defaultDescription()))
                        .append(" | ").append(o.type().name()).append(" | ").append(cell(describe(o))).append(" |\n");
            }
        }
        return sb.toString();
    }

    private static String describe(ConfigOption<?> o) {
        StringBuilder d = new StringBuilder(o.description());
        if (!o.validDescription().isEmpty()) {
            d.append(" Valid: ").append(o.validDescription()).append('.');
        }
        if (!o.fallbackKeys().isEmpty()) {
            d.append(" Also read: ");
            for (int i = 0; i < o.fallbackKeys().size(); i++) {
                d.append(i == 0 ? "" : ", ").append('`').append(o.fallbackKeys().get(i)).append('`');
            }
            d.append('.');
        }
        return d.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    public static void main(String[] args) throws IOException {
        Path target = Path.of(args.length > 0 ? args[0] : "docs/configuration.md");
        Files.writeString(target, render(), StandardCharsets.UTF_8);
    }
}

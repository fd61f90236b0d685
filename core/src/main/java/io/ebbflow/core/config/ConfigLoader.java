package io.ebbflow.core.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a configuration the way Flink users write one: a {@code config.yaml} with flat
 * ({@code heartbeat.interval: 10 s}) or nested ({@code heartbeat: {interval: 10 s}}) keys, overridden
 * by {@code -Dkey=value} arguments. Every key must be a known option (or one of its fallback keys);
 * every value must parse and be in range. All problems are collected and reported together in one
 * {@link ConfigException}, each naming the key, the source and what was expected.
 */
public final class ConfigLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<String, ConfigOption<?>> byKey = new HashMap<>();

    /** A loader that accepts exactly these options (normally {@link AllOptions#list()}). */
    public ConfigLoader(Collection<ConfigOption<?>> options) {
        for (ConfigOption<?> option : options) {
            register(option.key(), option);
            for (String fallback : option.fallbackKeys()) {
                register(fallback, option);
            }
        }
    }

    /** A loader for every option Ebbflow declares. */
    public static ConfigLoader forAllOptions() {
        return new ConfigLoader(AllOptions.list());
    }

    private void register(String key, ConfigOption<?> option) {
        ConfigOption<?> previous = byKey.put(key, option);
        if (previous != null && previous != option) {
            throw new IllegalStateException("config key '" + key + "' is declared twice: by '"
                    + previous.key() + "' and '" + option.key() + "'");
        }
    }

    /**
     * Loads the file (if given) and applies the dynamic properties on top.
     *
     * @param configFile a YAML file, or null for none
     * @param dynamicProperties {@code -D} values, applied after the file
     * @throws ConfigException if anything is unknown, malformed or out of range
     */
    public Configuration load(Path configFile, Map<String, String> dynamicProperties) {
        List<String> problems = new ArrayList<>();
        Map<String, RawValue> raw = new LinkedHashMap<>();
        if (configFile != null) {
            readYaml(configFile, raw, problems);
        }
        if (dynamicProperties != null) {
            dynamicProperties.forEach((k, v) -> raw.put(k.trim(), new RawValue(v, "-D" + k.trim())));
        }
        Configuration.Builder builder = Configuration.builder();
        // Canonical keys win over fallback keys, whatever their source.
        Map<ConfigOption<?>, String> chosenKey = new HashMap<>();
        for (Map.Entry<String, RawValue> e : raw.entrySet()) {
            String key = e.getKey();
            ConfigOption<?> option = byKey.get(key);
            if (option == null) {
                problems.add(unknownKeyMessage(key, e.getValue().source()));
                continue;
            }
            String previous = chosenKey.get(option);
            if (previous != null && previous.equals(option.key()) && !key.equals(option.key())) {
                continue;
            }
            try {
                Object value = option.parse(e.getValue().value());
                builder.setParsed(option, value, e.getValue().source());
                chosenKey.put(option, key);
            } catch (IllegalArgumentException ex) {
                problems.add("'" + key + "' = '" + e.getValue().value() + "' (" + e.getValue().source() + "): "
                        + ex.getMessage() + describeRange(option));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return builder.build();
    }

    private static String describeRange(ConfigOption<?> option) {
        return option.validDescription().isEmpty() ? "" : " (valid: " + option.validDescription() + ")";
    }

    private void readYaml(Path file, Map<String, RawValue> raw, List<String> problems) {
        String source = file.getFileName().toString();
        JsonNode root;
        try {
            if (!Files.isRegularFile(file)) {
                problems.add("config file '" + file + "' does not exist or is not a file");
                return;
            }
            root = YAML.readTree(file.toFile());
        } catch (JacksonException e) {
            problems.add("config file '" + file + "' is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
            return;
        } catch (IOException e) {
            problems.add("config file '" + file + "' cannot be read: " + e.getMessage());
            return;
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return;
        }
        if (!root.isObject()) {
            problems.add("config file '" + file + "' must hold a map of keys to values");
            return;
        }
        flatten("", root, source, raw, problems);
    }

    private void flatten(String prefix, JsonNode node, String source, Map<String, RawValue> raw,
            List<String> problems) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            JsonNode value = field.getValue();
            // A map whose full key is itself an option would be a map-typed option; none exists yet,
            // so every map is a level of nesting.
            if (value.isObject()) {
                flatten(key, value, source, raw, problems);
                continue;
            }
            Object scalar;
            if (value.isArray()) {
                List<Object> items = new ArrayList<>();
                value.forEach(item -> items.add(item.isValueNode() ? item.asText() : item.toString()));
                scalar = items;
            } else if (value.isNull()) {
                scalar = "";
            } else {
                scalar = value.asText();
            }
            if (raw.containsKey(key)) {
                problems.add("'" + key + "' is set twice in " + source + " (once flat, once nested)");
                continue;
            }
            raw.put(key, new RawValue(scalar, source));
        }
    }

    private String unknownKeyMessage(String key, String source) {
        String suggestion = byKey.keySet().stream()
                .min(Comparator.comparingInt(k -> distance(k, key)))
                .filter(k -> distance(k, key) <= Math.max(3, key.length() / 4))
                .map(k -> "; did you mean '" + byKey.get(k).key() + "'?")
                .orElse("; see docs/configuration.md for the accepted keys");
        return "unknown config key '" + key + "' (" + source + ")" + suggestion;
    }

    /** Levenshtein distance, for "did you mean" suggestions. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private record RawValue(Object value, String source) {
    }
}

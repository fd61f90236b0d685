package io.ebbflow.api.state;

/** Describes a {@link ValueState}. */
public class ValueStateDescriptor<T> extends StateDescriptor<T> {

    private final Class<T> type;
    private final T defaultValue;

    public ValueStateDescriptor(String name, Class<T> type) {
        this(name, type, null);
    }

    public ValueStateDescriptor(String name, Class<T> type, T defaultValue) {
        super(name);
        this.type = type;
        this.defaultValue = defaultValue;
    }

    public Class<T> getType() {
        return type;
    }

    public T getDefaultValue() {
        return defaultValue;
    }

    @Override
    public String kind() {
        return "value";
    }
}

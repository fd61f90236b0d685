package io.ebbflow.api.state;

/** Describes a {@link ListState}. */
public class ListStateDescriptor<T> extends StateDescriptor<T> {

    private final Class<T> elementType;

    public ListStateDescriptor(String name, Class<T> elementType) {
        super(name);
        this.elementType = elementType;
    }

    public Class<T> getElementType() {
        return elementType;
    }

    @Override
    public String kind() {
        return "list";
    }
}

package io.ebbflow.api.serialization;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** Strings as bytes in a charset (UTF-8 unless told otherwise), both ways, as Flink's class of the same name. */
public class SimpleStringSchema implements DeserializationSchema<String>, SerializationSchema<String> {

    private static final long serialVersionUID = 1L;

    /** The charset's name: a {@link Charset} is not serializable. */
    private final String charsetName;
    private transient Charset charset;

    public SimpleStringSchema() {
        this(StandardCharsets.UTF_8);
    }

    public SimpleStringSchema(Charset charset) {
        this.charsetName = charset.name();
        this.charset = charset;
    }

    public Charset getCharset() {
        if (charset == null) {
            charset = Charset.forName(charsetName);
        }
        return charset;
    }

    @Override
    public String deserialize(byte[] message) {
        return new String(message, getCharset());
    }

    @Override
    public byte[] serialize(String element) {
        return element.getBytes(getCharset());
    }
}

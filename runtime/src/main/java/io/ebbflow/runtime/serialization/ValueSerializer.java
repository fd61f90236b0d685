package io.ebbflow.runtime.serialization;

import java.io.IOException;

/** Writes and reads values of one class; nested values go through the codec (with their class). */
public interface ValueSerializer {

    void write(Object value, DataOutputBuffer out, RecordCodec codec) throws IOException;

    Object read(DataInputBuffer in, RecordCodec codec) throws IOException;
}

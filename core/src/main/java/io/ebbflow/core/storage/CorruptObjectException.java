package io.ebbflow.core.storage;

import java.io.IOException;

/** An object read back does not match what was written: its checksum differs, or it is shorter than recorded. */
public final class CorruptObjectException extends IOException {

    public CorruptObjectException(String message) {
        super(message);
    }
}

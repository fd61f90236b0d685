package io.ebbflow.jm.execution;

import io.ebbflow.runtime.checkpoint.StateFiles;

/** What a failure's cause, a stack trace as text sent by a TaskExecutor, says about the failure. */
public final class FailureCauses {

    private static final String CORRUPT_STATE = StateFiles.CorruptStateException.class.getName();

    private FailureCauses() {
    }

    /**
     * Whether the failure was checkpointed state that cannot be read (a {@link StateFiles.CorruptStateException}
     * thrown, or a cause of what was thrown): then the checkpoint it restored must not be used again.
     */
    public static boolean isCorruptState(String cause) {
        if (cause == null) {
            return false;
        }
        return cause.lines().map(String::strip).map(FailureCauses::thrown)
                .anyMatch(line -> line.equals(CORRUPT_STATE) || line.startsWith(CORRUPT_STATE + ":"));
    }

    /** A trace line naming a throwable, without the "Caused by: " or "Suppressed: " before it. */
    private static String thrown(String line) {
        for (String prefix : new String[] {"Caused by: ", "Suppressed: "}) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length());
            }
        }
        return line;
    }
}

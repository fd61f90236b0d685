package io.ebbflow.runtime.graph;

/**
 * A source could not create its splits when the execution was planned: its external system (a Kafka broker, a
 * file system) failed or did not answer. The failure is outside the job and may pass, so the JobMaster lets the
 * restart strategy decide instead of failing the job at once.
 */
public final class SplitCreationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SplitCreationException(String vertexName, Throwable cause) {
        super("source '" + vertexName + "' could not create its splits: " + cause.getMessage(), cause);
    }

    /** Whether {@code failure} or one of its causes is a split creation failure. */
    public static boolean isCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SplitCreationException) {
                return true;
            }
        }
        return false;
    }
}

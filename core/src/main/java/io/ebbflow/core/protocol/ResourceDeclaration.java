package io.ebbflow.core.protocol;

/**
 * A job's absolute slot requirement, as its JobMaster declares it to the ResourceManager: never a
 * delta, so re-sending it is harmless and the latest version wins.
 *
 * <p>{@code minSlots} is the sum over slot-sharing groups of the largest vertex minimum in the group:
 * below it the job cannot run. {@code desiredSlots} is the same sum over the largest vertex targets:
 * the job never asks for more.
 *
 * @param version increases with every change a JobMaster makes; older versions are ignored
 * @param minSlots slots without which the job cannot run
 * @param desiredSlots slots the job would use; at least {@code minSlots}
 */
public record ResourceDeclaration(long version, int minSlots, int desiredSlots) {

    /** No job needs more slots than this; a larger declaration is malformed. */
    public static final int MAX_SLOTS = 1_000_000;

    public ResourceDeclaration {
        Require.atLeast(version, 0, "version");
        Require.between(minSlots, 0, MAX_SLOTS, "minSlots");
        Require.between(desiredSlots, 0, MAX_SLOTS, "desiredSlots");
        if (desiredSlots < minSlots) {
            throw new IllegalArgumentException("field 'desiredSlots' (" + desiredSlots + ") is below 'minSlots' (" + minSlots + ")");
        }
    }
}
